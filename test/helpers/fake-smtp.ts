import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server in-process on 127.0.0.1 that keeps every message it receives. */
export interface FakeSmtp {
  url: string;
  messages: Array<{ from: string; to: string[]; raw: string }>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<FakeSmtp> {
  const messages: FakeSmtp['messages'] = [];
  const server = new SMTPServer({
    authOptional: true,
    // No certificate to offer: plain SMTP on loopback, as a local relay would speak it.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
