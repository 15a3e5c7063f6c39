import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useFakeWebhook } from '../../test/helpers/fake-webhook.js';
import { discordChannel } from './discord/wake.js';
import { ntfyChannel } from './ntfy/wake.js';
import { slackChannel } from './slack/wake.js';
import { ChannelError, type WakeMessage } from './types.js';

const message: WakeMessage = {
  kind: 'wake',
  groupId: 12,
  attemptId: 34,
  service: 'api',
  title: 'Checkout <5xx> & @everyone',
  severity: 'critical',
  alertCount: 3,
  firstSeen: new Date('2026-03-01T02:14:00Z'),
  ackHint: 'Reply ACK 12 or run: soloops ack 12',
};

/** A local webhook receiver: records each request and answers as told (Slack, Discord and ntfy answer differently). */
const hook = useFakeWebhook();

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

describe('slackChannel', () => {
  const webhookUrl = () => `${hook.base}/services/T000/B000/XXXXsecretXXXX`;

  it('posts Block Kit JSON: a header, then the service, title, count and how to acknowledge', async () => {
    hook.answer = { status: 200, type: 'text/html', body: 'ok' };
    expect(await slackChannel({ webhookUrl: webhookUrl() }).send(message)).toEqual({});

    const [request] = hook.received;
    expect(request).toMatchObject({ method: 'POST', path: '/services/T000/B000/XXXXsecretXXXX' });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({
      text: '[soloops] CRITICAL api: Checkout <5xx> & @everyone',
      blocks: [
        {
          type: 'header',
          text: { type: 'plain_text', text: '[soloops] CRITICAL api: Checkout <5xx> & @everyone', emoji: true },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              '*Service:* api\n*Alert:* Checkout &lt;5xx&gt; &amp; @everyone\n*Group:* 12\n' +
              '*Count:* 3 alerts since 02:14 UTC\nReply ACK 12 or run: soloops ack 12',
          },
        },
      ],
    });
  });

  it("maps Slack's 404 to a permanent ChannelError and a 500 to a retryable one, without the URL", async () => {
    hook.answer = { status: 404, type: 'text/html', body: 'no_service' };
    const gone = await failure(slackChannel({ webhookUrl: webhookUrl() }).send(message));
    expect(gone).toMatchObject({ retryable: false, status: 404, message: 'Slack webhook answered 404: no_service' });

    hook.answer = { status: 500, body: '' };
    const down = await failure(slackChannel({ webhookUrl: webhookUrl() }).send(message));
    expect(down).toMatchObject({ retryable: true, status: 500, message: 'Slack webhook answered 500' });
    for (const error of [gone, down]) expect(error.message).not.toContain('XXXXsecretXXXX');
  });
});

describe('discordChannel', () => {
  const webhookUrl = () => `${hook.base}/api/webhooks/123/tokenSECRETtoken`;

  it('posts content and an embed without pinging anyone; 204 has no id', async () => {
    hook.answer = { status: 204 };
    expect(await discordChannel({ webhookUrl: webhookUrl() }).send(message)).toEqual({});

    const body = JSON.parse(hook.received[0]!.body);
    expect(body).toMatchObject({
      content: '[soloops] CRITICAL api: Checkout <5xx> & @everyone',
      embeds: [
        {
          title: 'api: Checkout <5xx> & @everyone',
          description: 'Reply ACK 12 or run: soloops ack 12',
          color: 0xe53935,
        },
      ],
      allowed_mentions: { parse: [] },
    });
    expect(body.embeds[0].fields).toContainEqual({ name: 'Count', value: '3 alerts since 02:14 UTC', inline: true });
  });

  it('returns the message id Discord answers with ?wait=true', async () => {
    hook.answer = {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({ id: '1234567890', type: 0, content: '…', channel_id: '42' }),
    };
    const result = await discordChannel({ webhookUrl: `${webhookUrl()}?wait=true` }).send({
      ...message,
      kind: 'resolved',
    });
    expect(result).toEqual({ providerId: '1234567890' });
    expect(hook.received[0]!.path).toBe('/api/webhooks/123/tokenSECRETtoken?wait=true');
    expect(JSON.parse(hook.received[0]!.body).embeds[0]).toMatchObject({
      description: 'No action needed.',
      color: 0x43a047,
    });
  });

  it("maps Discord's 404 and 429 without the URL", async () => {
    hook.answer = {
      status: 404,
      type: 'application/json',
      body: JSON.stringify({ message: 'Unknown Webhook', code: 10015 }),
    };
    const gone = await failure(discordChannel({ webhookUrl: webhookUrl() }).send(message));
    expect(gone).toMatchObject({ retryable: false, status: 404 });
    expect(gone.message).toBe('Discord webhook answered 404: {"message":"Unknown Webhook","code":10015}');

    hook.answer = {
      status: 429,
      type: 'application/json',
      body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 0.5, global: false }),
    };
    const limited = await failure(discordChannel({ webhookUrl: webhookUrl() }).send(message));
    expect(limited).toMatchObject({ retryable: true, status: 429 });
    for (const error of [gone, limited]) expect(error.message).not.toContain('tokenSECRETtoken');
  });
});

describe('ntfyChannel', () => {
  const topicUrl = () => `${hook.base}/soloops-secret-topic`;
  const ntfyAnswer = {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({
      id: 'abc',
      time: 1772331240,
      expires: 1772374440,
      event: 'message',
      topic: 'soloops-secret-topic',
      message: '…',
    }),
  };

  it('posts the text with Title, Priority, Tags and the token; returns the message id', async () => {
    hook.answer = ntfyAnswer;
    const result = await ntfyChannel({ url: topicUrl(), token: 'tk_secret' }).send(message);
    expect(result).toEqual({ providerId: 'abc' });

    const [request] = hook.received;
    expect(request!.path).toBe('/soloops-secret-topic');
    expect(request!.headers).toMatchObject({
      title: '[soloops] CRITICAL api: Checkout <5xx> & @everyone',
      priority: 'urgent',
      tags: 'rotating_light',
      authorization: 'Bearer tk_secret',
      'content-type': 'text/plain; charset=utf-8',
    });
    expect(request!.body).toBe(
      'api: Checkout <5xx> & @everyone\n3 alerts since 02:14 UTC. Reply ACK 12 or run: soloops ack 12',
    );
  });

  it('sends a resolved one at default priority, a non-ASCII title RFC 2047 encoded, no token when none', async () => {
    hook.answer = ntfyAnswer;
    await ntfyChannel({ url: topicUrl() }).send({ ...message, kind: 'resolved', title: '결제 실패 — 5xx 🔥' });
    const { headers } = hook.received[0]!;
    expect(headers).toMatchObject({ priority: 'default', tags: 'white_check_mark' });
    expect(headers.authorization).toBeUndefined();
    const encoded = /^=\?UTF-8\?B\?(.+)\?=$/.exec(String(headers.title));
    expect(Buffer.from(encoded![1]!, 'base64').toString('utf8')).toBe('[soloops] RESOLVED api: 결제 실패 — 5xx 🔥');
  });

  it("maps ntfy's errors without the topic URL", async () => {
    hook.answer = {
      status: 403,
      type: 'application/json',
      body: JSON.stringify({
        code: 40301,
        http: 403,
        error: 'forbidden',
        link: 'https://ntfy.sh/docs/publish/#authentication',
      }),
    };
    const forbidden = await failure(ntfyChannel({ url: topicUrl(), token: 'tk_secret' }).send(message));
    expect(forbidden).toMatchObject({ retryable: false, status: 403 });
    expect(forbidden.message).toContain('ntfy topic answered 403');
    expect(forbidden.message).not.toContain('soloops-secret-topic');
    expect(forbidden.message).not.toContain('tk_secret');

    hook.answer = { status: 502, body: 'Bad Gateway' };
    expect(await failure(ntfyChannel({ url: topicUrl() }).send(message))).toMatchObject({
      retryable: true,
      status: 502,
    });
  });
});

describe('webhook transport', () => {
  it('gives up on a hanging webhook when the caller aborts, retryable', async () => {
    hook.answer = { hang: true };
    const controller = new AbortController();
    const requestArrived = hook.nextRequest();
    const sending = slackChannel({ webhookUrl: `${hook.base}/services/hang` }).send(message, controller.signal);
    await requestArrived;
    controller.abort();
    expect(await failure(sending)).toMatchObject({ retryable: true, message: 'Slack webhook: cancelled' });
  });

  it('maps a refused connection to a retryable error, a bad URL to a permanent one, quoting neither', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const refused = await failure(ntfyChannel({ url: `http://127.0.0.1:${port}/secret-topic` }).send(message));
    expect(refused).toMatchObject({ retryable: true, message: 'could not reach ntfy topic (ECONNREFUSED)' });

    const malformed = await failure(discordChannel({ webhookUrl: 'discord.com/api/webhooks/1/secret' }).send(message));
    expect(malformed).toMatchObject({ retryable: false });
    expect(malformed.message).not.toContain('secret');
  });
});
