import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from '../../../test/helpers/fake-twilio.js';
import { createTwilioClient, twilioSignatureValid, type TwilioClient } from './client.js';
import { priceOfCall } from './price.js';
import { twilioSms } from './sms.js';
import { twilioVoice } from './voice.js';
import { ChannelError, type WakeMessage } from '../types.js';

const message: WakeMessage = {
  kind: 'wake',
  groupId: 12,
  attemptId: 34,
  service: 'api',
  title: 'HTTP 5xx above 20% <for> "5 min" & rising',
  severity: 'critical',
  alertCount: 3,
  firstSeen: new Date('2026-03-01T02:14:00Z'),
  ackHint: 'Press 1 on the call, reply ACK 12 or run: soloops ack 12',
};
const FROM = '+15551230000';
const TO = '+821012345678';
const PUBLIC_URL = 'https://wake.example.com/';

let fake: FakeTwilio;
let client: TwilioClient;

beforeAll(async () => {
  fake = await startFakeTwilio();
  client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url });
});
// A test that injects failures must not leak them into the next one.
afterEach(() => fake.failWith(500, 0));
afterAll(() => fake.close());

const voice = (publicUrl?: string) =>
  twilioVoice({ client, from: FROM, to: TO, publicUrl, ringTimeoutMs: 30_000, pricePerMinute: 0.014 });
const sms = (publicUrl?: string) => twilioSms({ client, from: FROM, to: TO, publicUrl, pricePerSegment: 0.0083 });

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

describe('twilioVoice', () => {
  it('places the call through the SDK with the TwiML, the timeout, AMD and the status callback', async () => {
    const result = await voice(PUBLIC_URL).send(message);
    const call = await fake.nextCall();

    expect(result).toEqual({ providerId: call.sid, costUsd: 0.014 });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.fields).toMatchObject({
      To: TO,
      From: FROM,
      Timeout: '30',
      MachineDetection: 'Enable',
      StatusCallback: 'https://wake.example.com/v1/twilio/status?attempt=34',
      StatusCallbackEvent: 'completed',
      StatusCallbackMethod: 'POST',
    });
    const twiml = String(call.fields.Twiml);
    expect(twiml).toContain(
      '<Gather numDigits="1" action="https://wake.example.com/v1/twilio/gather?attempt=34" method="POST" timeout="10">',
    );
    // Said twice inside the Gather, escaped for XML by the SDK.
    const said =
      'soloops alert. api: HTTP 5xx above 20% &lt;for&gt; "5 min" &amp; rising. 3 alerts. Press 1 to acknowledge.';
    expect(twiml.split(`<Say>${said}</Say>`)).toHaveLength(3);
    expect(twiml).toMatch(/<\/Gather><Say>Not acknowledged\. soloops will call again\.<\/Say><\/Response>$/);
  });

  it('without a public URL still calls, with no callbacks and the other ways to acknowledge', async () => {
    await voice().send({ ...message, ackHint: 'Reply ACK 12 or run: soloops ack 12' });
    const call = await fake.nextCall();

    expect(call.fields.StatusCallback).toBeUndefined();
    expect(call.fields.StatusCallbackEvent).toBeUndefined();
    const twiml = String(call.fields.Twiml);
    expect(twiml).not.toContain('<Gather');
    expect(twiml).not.toContain('Press 1');
    expect(twiml).toContain('3 alerts. Reply ACK 12 or run: soloops ack 12.</Say>');
  });

  it('cuts a long title', async () => {
    await voice(PUBLIC_URL).send({ ...message, title: 'x'.repeat(5000) });
    const twiml = String((await fake.nextCall()).fields.Twiml);
    expect(twiml).toContain(`${'x'.repeat(199)}…`);
    expect(twiml).not.toContain('x'.repeat(200));
  });

  it('maps a 500 to a retryable ChannelError and a 400 to a permanent one, without the credentials', async () => {
    fake.failWith(500, 1);
    const serverError = await failure(voice(PUBLIC_URL).send(message));
    expect(serverError).toMatchObject({ retryable: true, status: 500 });
    expect(serverError.message).toContain('Twilio answered 500 (error 20500): Internal Server Error');

    fake.failWith(400, 1);
    const badRequest = await failure(voice(PUBLIC_URL).send(message));
    expect(badRequest).toMatchObject({ retryable: false, status: 400 });
    expect(badRequest.message).toContain('21211');
    expect(badRequest.message).toContain("Invalid 'To' Phone Number");

    fake.failWith(429, 1);
    expect(await failure(voice(PUBLIC_URL).send(message))).toMatchObject({ retryable: true, status: 429 });
    // The SDK did not retry on its own: one request per send.
    expect(fake.calls.slice(-3).map((call) => call.status)).toEqual([500, 400, 429]);
  });

  it('scrubs the account SID and the token from what Twilio says', async () => {
    fake.failWith(404, 1, {
      code: 20404,
      message: `The requested resource /2010-04-01/Accounts/${fake.accountSid}/Calls.json was not found`,
    });
    const notFound = await failure(voice(PUBLIC_URL).send(message));
    expect(notFound.retryable).toBe(false);
    expect(notFound.message).not.toContain(fake.accountSid);
    expect(notFound.message).toContain('/Accounts/***/Calls.json');

    const wrongToken = createTwilioClient({
      accountSid: fake.accountSid,
      authToken: 'not-the-token-0123456789',
      apiBaseUrl: fake.url,
    });
    const unauthorized = await failure(
      twilioVoice({ client: wrongToken, from: FROM, to: TO, ringTimeoutMs: 30_000, pricePerMinute: 0.014 }).send(
        message,
      ),
    );
    expect(unauthorized).toMatchObject({ retryable: false, status: 401 });
    expect(unauthorized.message).toContain('20003');
    expect(unauthorized.message).not.toContain('not-the-token-0123456789');
    expect(unauthorized.message).not.toContain(fake.authToken);
  });

  it('maps a refused connection to a retryable ChannelError', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = createTwilioClient({
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      apiBaseUrl: `http://127.0.0.1:${port}`,
    });

    const error = await failure(
      twilioVoice({ client: unreachable, from: FROM, to: TO, ringTimeoutMs: 30_000, pricePerMinute: 0.014 }).send(
        message,
      ),
    );
    expect(error).toMatchObject({ retryable: true, message: 'could not reach Twilio (ECONNREFUSED)' });
  });
});

describe('twilioSms', () => {
  it('sends the wake text with its delivery callback and prices one segment', async () => {
    const result = await sms(PUBLIC_URL).send(message);
    const text = await fake.nextMessage();

    expect(text.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result).toEqual({ providerId: text.sid, costUsd: 0.0083 });
    expect(text.fields).toEqual({
      To: TO,
      From: FROM,
      Body:
        '[soloops] CRITICAL api: HTTP 5xx above 20% <for> "5 min" & rising (3 alerts since 02:14 UTC). ' +
        'Press 1 on the call, reply ACK 12 or run: soloops ack 12',
      StatusCallback: 'https://wake.example.com/v1/twilio/sms-status?attempt=34',
    });
  });

  it('words the resolved and the test texts', async () => {
    await sms().send({ ...message, kind: 'resolved' });
    expect((await fake.nextMessage()).fields).toEqual({
      To: TO,
      From: FROM,
      Body: '[soloops] RESOLVED api: HTTP 5xx above 20% <for> "5 min" & rising. No action needed.',
    });
    await sms().send({ ...message, kind: 'test', ackHint: 'reply ACK 1 or run: soloops ack 1' });
    expect((await fake.nextMessage()).fields.Body).toBe(
      '[soloops] test: Smart Wake reaches you by SMS. reply ACK 1 or run: soloops ack 1',
    );
  });

  it('prices a long text by 153-character segments', async () => {
    const result = await sms().send({ ...message, title: 'y'.repeat(180) });
    const body = String((await fake.nextMessage()).fields.Body);
    expect(body.length).toBeGreaterThan(160);
    expect(body.length).toBeLessThanOrEqual(306);
    expect(result.costUsd).toBe(0.0166);
  });

  it('maps a 503 to a retryable ChannelError', async () => {
    fake.failWith(503, 1);
    expect(await failure(sms().send(message))).toMatchObject({ retryable: true, status: 503 });
  });
});

describe('twilioSignatureValid', () => {
  it("accepts Twilio's signed callback and rejects a changed param, URL or token", async () => {
    let received: { url: string; signature: string; params: Record<string, string> } | undefined;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const { port } = server.address() as AddressInfo;
        received = {
          url: `http://127.0.0.1:${port}${req.url}`,
          signature: String(req.headers['x-twilio-signature']),
          params: Object.fromEntries(new URLSearchParams(body)),
        };
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    await voice(PUBLIC_URL).send(message);
    const params = fake.callbackParams(await fake.nextCall(), {
      CallStatus: 'completed',
      CallDuration: '61',
      AnsweredBy: 'human',
    });
    const answer = await fake.sendStatusCallback(`http://127.0.0.1:${port}/v1/twilio/status?attempt=34`, params);
    server.close();

    expect(answer.status).toBe(204);
    const { url, signature, params: got } = received!;
    expect(got).toEqual(params);
    expect(twilioSignatureValid(fake.authToken, signature, url, got)).toBe(true);
    expect(twilioSignatureValid(fake.authToken, signature, url, { ...got, CallDuration: '1' })).toBe(false);
    expect(twilioSignatureValid(fake.authToken, signature, url.replace('attempt=34', 'attempt=35'), got)).toBe(false);
    expect(twilioSignatureValid('another-token', signature, url, got)).toBe(false);
    expect(twilioSignatureValid(fake.authToken, '', url, got)).toBe(false);
    expect(twilioSignatureValid(fake.authToken, signature, 'not a url', got)).toBe(false);
  });
});

describe('priceOfCall', () => {
  it('bills each started minute', () => {
    expect(priceOfCall(0, 0.014)).toBe(0);
    expect(priceOfCall(1, 0.014)).toBe(0.014);
    expect(priceOfCall(60, 0.014)).toBe(0.014);
    expect(priceOfCall(61, 0.014)).toBe(0.028);
    expect(priceOfCall(600, 0.014)).toBe(0.14);
  });
});
