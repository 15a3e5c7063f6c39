import { createTransport, type NodemailerError } from 'nodemailer';
import { UserError } from '../../core/errors.js';
import { ChannelError, type SendResult } from '../types.js';

/** One SMTP server, sender and recipient; plain values, the caller resolves the secret refs. */
export interface EmailChannelOptions {
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465; it carries the password. */
  smtpUrl: string;
  from: string;
  to: string;
}

/**
 * nodemailer waits two minutes to connect and ten on an idle socket by default; a wake email
 * that slow is better retried or skipped for the next step of the ladder.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Errors that ended the connection rather than a reply that refused the message: worth a retry. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS']);

/**
 * Returns a function that removes the SMTP credentials from a text: any `user:pass@` in a URL,
 * and the password itself in both its URL-encoded and its plain form.
 */
function credentialScrubber(smtpUrl: string): (text: string) => string {
  const raw = URL.canParse(smtpUrl) ? new URL(smtpUrl).password : '';
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape: the raw form is all there is to scrub.
  }
  const secrets = [raw, decoded].filter((secret) => secret.length > 0);
  return (text) =>
    secrets.reduce((out, secret) => out.split(secret).join('***'), text.replace(/\/\/[^/@\s]*@/g, '//***@'));
}

/** SMTP replies decide by their class (nodemailer's `permanent`); errors without one by their code. */
function toChannelError(error: unknown, scrub: (text: string) => string): ChannelError {
  const { code, responseCode, permanent, message } = error as NodemailerError;
  if (code === 'EABORT') return new ChannelError('email: cancelled', true);
  const retryable = responseCode !== undefined ? permanent !== true : TRANSIENT_CODES.has(code ?? '');
  return new ChannelError(`SMTP: ${scrub(message)}`, retryable, responseCode);
}

/** One email in both forms: clients that show no HTML fall back to the text part. */
export interface MailParts {
  subject: string;
  text: string;
  html: string;
}

/**
 * One SMTP server, sender and recipient as a send function, shared by the wake email and the
 * digest. It sends a multipart/alternative email (text and HTML); a 5xx reply (550 no such
 * mailbox…) rejects with a ChannelError that is not retryable; 4xx replies, refused connections
 * and timeouts are retryable. The password never appears in a message. `setting` names where
 * the URL came from, for the UserError thrown at once when it is not an SMTP URL.
 */
export function smtpSender(
  { smtpUrl, from, to }: EmailChannelOptions,
  setting: string,
): (mail: MailParts, signal?: AbortSignal) => Promise<SendResult> {
  // nodemailer falls back to localhost:587 for a string it cannot read as a URL: refuse instead.
  if (!/^smtps?:\/\//i.test(smtpUrl) || !URL.canParse(smtpUrl)) {
    throw new UserError(
      `${setting} is not an smtp:// or smtps:// URL`,
      'e.g. smtps://user:password@smtp.example.com:465',
    );
  }
  const scrub = credentialScrubber(smtpUrl);
  const transport = createTransport({ url: smtpUrl, ...TIMEOUTS });
  return async (mail, signal) => {
    try {
      const info = await transport.sendMail({ from, to, ...mail, signal });
      return { providerId: info.messageId };
    } catch (error) {
      throw toChannelError(error, scrub);
    }
  };
}
