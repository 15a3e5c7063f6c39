import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { useFakeWebhook } from '../../test/helpers/fake-webhook.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestMessage } from './digest.js';
import { discordDigestSender } from './discord/digest.js';
import { emailDigestSender } from './email/digest.js';
import { ntfyDigestSender } from './ntfy/digest.js';
import { slackDigestSender } from './slack/digest.js';
import { ChannelError } from './types.js';

const digest: DigestMessage = {
  subject: '[soloops] Night of 22 Nov: 47 alerts, 1 woke you',
  text: 'Night of 22 Nov\n47 alerts in 6 groups; 1 woke you.\n\napi: Checkout 5xx — woke you at 02:14, acked 02:19\n',
  html:
    '<!doctype html><html><body><h1>Night of 22 Nov</h1><p>47 alerts in 6 groups; 1 woke you.</p>' +
    '<p>api: Checkout 5xx &amp; timeouts</p></body></html>',
  markdown: '# Night of 22 Nov\n47 alerts in 6 groups; **1 woke you**.\n\n- api: Checkout 5xx — woke you at 02:14\n',
  slack: {
    text: '[soloops] Night of 22 Nov: 47 alerts, 1 woke you',
    blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Night of 22 Nov' } }],
  },
  discord: {
    content: '[soloops] Night of 22 Nov: 47 alerts, 1 woke you (@everyone)',
    embeds: [{ title: 'api', description: 'Checkout 5xx' }],
  },
  link: 'https://status.example.com/digests/7',
};

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

describe('emailDigestSender', () => {
  const PASSWORD = 'd1gest:s3cret/pw';
  let smtp: SMTPServer;
  let port: number;
  const mails: Array<{ to: string[]; raw: string }> = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('nobody@'))
          return callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
        callback();
      },
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  const smtpUrl = (p = port) => `smtp://digest:${encodeURIComponent(PASSWORD)}@127.0.0.1:${p}`;

  /** The MIME parts of a multipart message: their Content-Type and decoded body. */
  function partsOf(raw: string): Array<{ type: string; body: string }> {
    const boundary = /boundary="?([^";\r\n]+)"?/.exec(raw)![1]!;
    return raw
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((part) => {
        const [head = '', ...rest] = part.trim().split('\r\n\r\n');
        const body = rest.join('\r\n\r\n');
        const type = /Content-Type: ([^;\r\n]+)/i.exec(head)![1]!;
        if (/Content-Transfer-Encoding: base64/i.test(head))
          return { type, body: Buffer.from(body, 'base64').toString('utf8') };
        if (!/Content-Transfer-Encoding: quoted-printable/i.test(head)) return { type, body };
        const bytes = body
          .replace(/=\r\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        return { type, body: Buffer.from(bytes, 'latin1').toString('utf8') };
      });
  }

  it('sends the text and HTML forms as one multipart/alternative email', async () => {
    const sender = emailDigestSender({ smtpUrl: smtpUrl(), from: 'soloops@example.com', to: 'me@example.com' });
    expect(sender.name).toBe('email');
    const result = await sender.send(digest);

    const mail = mails.at(-1)!;
    expect(mail.to).toEqual(['me@example.com']);
    const headers = mail.raw.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');
    expect(headers).toContain('Subject: [soloops] Night of 22 Nov: 47 alerts, 1 woke you');
    expect(headers).toContain('To: me@example.com');
    expect(headers).toContain(`Message-ID: ${result.providerId}`);
    expect(headers).toMatch(/Content-Type: multipart\/alternative/);
    const parts = partsOf(mail.raw);
    expect(parts.map((part) => part.type)).toEqual(['text/plain', 'text/html']);
    expect(parts[0]!.body).toContain('api: Checkout 5xx — woke you at 02:14, acked 02:19');
    expect(parts[1]!.body).toContain('<p>api: Checkout 5xx &amp; timeouts</p>');
  });

  it('maps a 550 to a permanent error and a closed port to a retryable one, never with the password', async () => {
    const rejected = await failure(
      emailDigestSender({ smtpUrl: smtpUrl(), from: 'soloops@example.com', to: 'nobody@example.com' }).send(digest),
    );
    expect(rejected).toMatchObject({ retryable: false, status: 550 });

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await failure(
      emailDigestSender({ smtpUrl: smtpUrl(closedPort), from: 'soloops@example.com', to: 'me@example.com' }).send(
        digest,
      ),
    );
    expect(refused.retryable).toBe(true);
    for (const error of [rejected, refused]) {
      expect(error.message).not.toContain(PASSWORD);
      expect(error.message).not.toContain(encodeURIComponent(PASSWORD));
    }
  });
});

describe('webhook digest senders', () => {
  /** A local receiver standing in for Slack, Discord and ntfy: records requests, answers as told. */
  const hook = useFakeWebhook();

  const ntfyAnswer = {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ id: 'dg1', time: 1763794800, event: 'message', topic: 'soloops-secret-topic' }),
  };

  it('posts the Slack form as JSON; Slack answers 200 "ok" with no id', async () => {
    hook.answer = { status: 200, type: 'text/html', body: 'ok' };
    expect(await slackDigestSender({ webhookUrl: `${hook.base}/services/T0/B0/SLACKsecret` }).send(digest)).toEqual({});
    expect(hook.received[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(hook.received[0]!.body)).toEqual(digest.slack);
  });

  it('posts the Discord form without pinging anyone; 204 has no id', async () => {
    hook.answer = { status: 204 };
    expect(await discordDigestSender({ webhookUrl: `${hook.base}/api/webhooks/1/DISCORDsecret` }).send(digest)).toEqual(
      {},
    );
    expect(JSON.parse(hook.received[0]!.body)).toEqual({ ...digest.discord, allowed_mentions: { parse: [] } });
  });

  it('posts the markdown to ntfy with its headers and returns the message id', async () => {
    hook.answer = ntfyAnswer;
    const result = await ntfyDigestSender({ url: `${hook.base}/soloops-secret-topic`, token: 'tk_secret' }).send(
      digest,
    );
    expect(result).toEqual({ providerId: 'dg1' });
    expect(hook.received[0]!.headers).toMatchObject({
      title: digest.subject,
      markdown: 'yes',
      priority: 'default',
      tags: 'sunrise',
      click: 'https://status.example.com/digests/7',
      authorization: 'Bearer tk_secret',
    });
    expect(hook.received[0]!.body).toBe(digest.markdown);
  });

  it('encodes a non-ASCII ntfy title, leaves out Click without a link, cuts a long digest to 4096 bytes', async () => {
    hook.answer = ntfyAnswer;
    const long = `# 11월 22일 밤\n${Array.from({ length: 400 }, (_, i) => `- 결제 API: 5xx 경보 ${i}`).join('\n')}\n`;
    await ntfyDigestSender({ url: `${hook.base}/topic` }).send({
      ...digest,
      subject: '[soloops] 11월 22일 밤: 47 alerts ☀️',
      markdown: long,
      link: undefined,
    });
    const { headers, body } = hook.received[0]!;
    const encoded = /^=\?UTF-8\?B\?(.+)\?=$/.exec(String(headers.title));
    expect(Buffer.from(encoded![1]!, 'base64').toString('utf8')).toBe('[soloops] 11월 22일 밤: 47 alerts ☀️');
    expect(headers.click).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(4096);
    expect(body.startsWith('# 11월 22일 밤\n- 결제 API: 5xx 경보 0\n')).toBe(true);
    expect(body).toMatch(/경보 \d+\n\n… cut to fit ntfy\. Run `soloops digest` for the rest\.$/);
  });

  it('maps a 500 to a retryable error and a 404 to a permanent one, never quoting the URL', async () => {
    const urls = {
      slack: `${hook.base}/services/T0/B0/SLACKsecret`,
      discord: `${hook.base}/api/webhooks/1/DISCORDsecret`,
      ntfy: `${hook.base}/soloops-secret-topic`,
    };
    const senders = [
      slackDigestSender({ webhookUrl: urls.slack }),
      discordDigestSender({ webhookUrl: urls.discord }),
      ntfyDigestSender({ url: urls.ntfy }),
    ];
    for (const sender of senders) {
      // A proxy that echoes the URL it could not reach: the error must still not carry it.
      hook.answer = { status: 500, body: `upstream failed for ${urls[sender.name as keyof typeof urls]}` };
      const down = await failure(sender.send(digest));
      expect(down).toMatchObject({ retryable: true, status: 500 });

      hook.answer = { status: 404, type: 'text/html', body: 'no_service' };
      const gone = await failure(sender.send(digest));
      expect(gone).toMatchObject({ retryable: false, status: 404 });
      for (const error of [down, gone])
        expect(error.message).not.toMatch(/SLACKsecret|DISCORDsecret|soloops-secret-topic/);
    }
  });
});
