import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { checkOwnEndpoint, type OwnEndpointAccess } from '../auth/own-endpoints.js';
import { AckRefused, findAckTarget, type AckLookup, type AckTarget } from '../wake/ack-target.js';
import type { CallStatus, WakeLadder } from '../wake/ladder.js';

/** What the wake endpoints need: the ladder, the ack endpoint's auth, and how to check Twilio's signature. */
export interface WakeHttpDeps {
  ladder: Pick<WakeLadder, 'acknowledge' | 'keyPressed' | 'callStatus' | 'smsStatus' | 'smsReply'>;
  /** Finds the group an ack names: its number, an alert id or a unique id prefix. */
  lookup: AckLookup;
  /** Who may acknowledge over HTTP (watch.auth.default.token; closed beyond loopback without it). */
  access(): OwnEndpointAccess;
  /** Null when Twilio is not configured: its callback routes answer 404. */
  twilio: {
    /** The public base URL Twilio was given (wake.public_url): signatures are over the full URL it called. */
    publicUrl: string;
    /** The phone an SMS reply must come from to count (wake.twilio.to). */
    personNumber: string;
    signatureValid(signature: string, url: string, params: Record<string, string>): boolean;
  } | null;
  log: Logger;
}

const TWIML = 'text/xml';
const twiml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;

/**
 * `POST /v1/ack/:id` (watch.auth.default.token; the id is a group number, an alert id or a unique
 * id prefix of 8+ characters; 404 unknown, 409 resolved, in no group or ambiguous) and Twilio's callbacks:
 * `/v1/twilio/gather` (the key press), `/v1/twilio/status` (call outcome), `/v1/twilio/sms-status`
 * (a text's delivery) and `/v1/twilio/sms` (an inbound reply), each accepted only with a valid `X-Twilio-Signature`.
 */
export function registerWakeRoutes(app: FastifyInstance, deps: WakeHttpDeps): void {
  app.post<{ Params: { id: string } }>('/v1/ack/:id', async (request, reply) => {
    const auth = checkOwnEndpoint(deps.access(), request);
    if (!auth.ok) return reply.code(auth.status ?? 401).send({ error: auth.reason });
    let target: AckTarget;
    try {
      target = await findAckTarget(deps.lookup, request.params.id);
    } catch (error) {
      if (error instanceof AckRefused) return reply.code(error.status).send({ error: error.message, hint: error.hint });
      throw error;
    }
    const id = target.group.id;
    const result = await deps.ladder.acknowledge(id, 'http');
    if (!result.found) return reply.code(404).send({ error: `no alert group #${id}` });
    return reply.code(200).send({
      acknowledged: id,
      ...(target.alertId && { alertId: target.alertId }),
      ladder: result.ladder?.state ?? null,
    });
  });

  /** The form fields of a Twilio callback, or null (and a 403/404 sent) when it is not one. */
  const twilioForm = (request: FastifyRequest, reply: FastifyReply): Record<string, string> | null => {
    if (!deps.twilio) {
      void reply.code(404).send({ error: 'Twilio is not configured (wake.twilio)' });
      return null;
    }
    const raw = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
    const params = Object.fromEntries(new URLSearchParams(raw));
    const signature = request.headers['x-twilio-signature'];
    const url = deps.twilio.publicUrl.replace(/\/+$/, '') + request.url;
    if (typeof signature !== 'string' || !deps.twilio.signatureValid(signature, url, params)) {
      deps.log.warn({ path: request.url.split('?')[0] }, 'Twilio callback refused: bad or missing X-Twilio-Signature');
      void reply.code(403).send({ error: 'invalid X-Twilio-Signature' });
      return null;
    }
    return params;
  };
  const attemptOf = (request: FastifyRequest) => Number((request.query as { attempt?: string }).attempt);

  app.post('/v1/twilio/gather', async (request, reply) => {
    const params = twilioForm(request, reply);
    if (!params) return reply;
    const acked = await deps.ladder.keyPressed(attemptOf(request), params.Digits);
    return reply
      .type(TWIML)
      .send(twiml(acked ? '<Say>Acknowledged. soloops stops calling.</Say>' : '<Say>Not acknowledged.</Say>'));
  });

  app.post('/v1/twilio/status', async (request, reply) => {
    const params = twilioForm(request, reply);
    if (!params) return reply;
    await deps.ladder.callStatus(attemptOf(request), params as CallStatus);
    return reply.code(204).send();
  });

  app.post('/v1/twilio/sms-status', async (request, reply) => {
    const params = twilioForm(request, reply);
    if (!params) return reply;
    await deps.ladder.smsStatus(attemptOf(request), params);
    return reply.code(204).send();
  });

  app.post('/v1/twilio/sms', async (request, reply) => {
    const params = twilioForm(request, reply);
    if (!params) return reply;
    // Only the person's own phone may acknowledge by text.
    const fromPerson = params.From === deps.twilio!.personNumber;
    const groupId = fromPerson ? await deps.ladder.smsReply(params.Body ?? '') : null;
    const answer = groupId
      ? `Acknowledged alert group ${groupId}. soloops stops calling.`
      : 'soloops: reply ACK or ACK and the group number to acknowledge.';
    return reply.type(TWIML).send(twiml(`<Message>${answer}</Message>`));
  });
}
