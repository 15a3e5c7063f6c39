import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { emailChannel } from './wake.js';
import { ChannelError, type WakeMessage } from '../types.js';

const message: WakeMessage = {
  kind: 'wake',
  groupId: 12,
  attemptId: 34,
  service: 'api',
  title: 'Checkout <5xx> & timeouts',
  severity: 'critical',
  alertCount: 3,
  firstSeen: new Date('2026-03-01T02:14:00Z'),
  ackHint: 'Reply ACK 12 or run: soloops ack 12',
};
const PASSWORD = 'p@ss:w0rd/secret';

interface Received {
  from: string | undefined;
  to: string[];
  user: string | undefined;
  raw: string;
}

let server: SMTPServer;
let port: number;
const received: Received[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'wake' && auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@'))
        return callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      if (address.address.startsWith('busy@'))
        return callback(Object.assign(new Error('4.2.1 Mailbox busy, try later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        received.push({
          from: mailFrom ? mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const smtpUrl = (p = port) => `smtp://wake:${encodeURIComponent(PASSWORD)}@127.0.0.1:${p}`;

/** The header block unfolded (long headers continue on lines that start with a space). */
const headersOf = (raw: string) => raw.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');

/** Undoes quoted-printable (nodemailer's choice for the HTML part): soft line breaks and =XX. */
const unQuote = (text: string) =>
  text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

describe('emailChannel', () => {
  it('sends a multipart wake email through SMTP, authenticated', async () => {
    const channel = emailChannel({ smtpUrl: smtpUrl(), from: 'soloops@example.com', to: 'me@example.com' });
    const result = await channel.send(message);

    const mail = received.at(-1)!;
    expect(mail).toMatchObject({ from: 'soloops@example.com', to: ['me@example.com'], user: 'wake' });
    expect(result.providerId).toMatch(/^<.+@.+>$/);
    expect(headersOf(mail.raw)).toContain(`Message-ID: ${result.providerId}`);
    expect(headersOf(mail.raw)).toContain('Subject: [soloops] CRITICAL api: Checkout <5xx> & timeouts');
    expect(mail.raw).toContain('Content-Type: multipart/alternative');
    expect(mail.raw).toContain('Content-Type: text/plain');
    expect(mail.raw).toContain('Count: 3 alerts since 02:14 UTC');
    expect(mail.raw).toContain('Reply ACK 12 or run: soloops ack 12');
    // The HTML part escapes the title.
    expect(mail.raw).toContain('Content-Type: text/html');
    expect(unQuote(mail.raw)).toContain('<p>Alert: Checkout &lt;5xx&gt; &amp; timeouts</p>');
  });

  it('words the resolved and test subjects', async () => {
    const channel = emailChannel({ smtpUrl: smtpUrl(), from: 'soloops@example.com', to: 'me@example.com' });
    await channel.send({ ...message, kind: 'resolved' });
    expect(headersOf(received.at(-1)!.raw)).toContain('Subject: [soloops] RESOLVED api: Checkout <5xx> & timeouts');
    await channel.send({ ...message, kind: 'test' });
    expect(headersOf(received.at(-1)!.raw)).toContain('Subject: [soloops] test: Smart Wake reaches you by email');
  });

  it('maps a 550 rejection to a permanent ChannelError and a 451 to a retryable one', async () => {
    const rejected = await failure(
      emailChannel({ smtpUrl: smtpUrl(), from: 'soloops@example.com', to: 'nobody@example.com' }).send(message),
    );
    expect(rejected).toMatchObject({ retryable: false, status: 550 });
    expect(rejected.message).toContain('No such user');

    const busy = await failure(
      emailChannel({ smtpUrl: smtpUrl(), from: 'soloops@example.com', to: 'busy@example.com' }).send(message),
    );
    expect(busy).toMatchObject({ retryable: true, status: 451 });
  });

  it('maps a refused login to a permanent ChannelError', async () => {
    const url = `smtp://wake:wrong-password@127.0.0.1:${port}`;
    const error = await failure(
      emailChannel({ smtpUrl: url, from: 'soloops@example.com', to: 'me@example.com' }).send(message),
    );
    expect(error).toMatchObject({ retryable: false, status: 535 });
    expect(error.message).not.toContain('wrong-password');
  });

  it('maps a closed port to a retryable ChannelError without the password', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const error = await failure(
      emailChannel({ smtpUrl: smtpUrl(closedPort), from: 'soloops@example.com', to: 'me@example.com' }).send(message),
    );
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('refuses a URL nodemailer would read as localhost', () => {
    expect(() => emailChannel({ smtpUrl: 'mail.example.com', from: 'a@example.com', to: 'b@example.com' })).toThrow(
      UserError,
    );
  });
});
