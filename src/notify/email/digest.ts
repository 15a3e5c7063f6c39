import type { DigestSender } from '../digest.js';
import { smtpSender, type EmailChannelOptions } from './smtp.js';

/** The digest as a multipart/alternative email (its text and HTML forms) through one SMTP server. */
export function emailDigestSender(options: EmailChannelOptions): DigestSender {
  // The digest goes through the wake: section's SMTP server (see the digest: config section).
  const send = smtpSender(options, 'wake.email.smtp_url');
  return {
    name: 'email',
    send: ({ subject, text, html }, signal) => send({ subject, text, html }, signal),
  };
}
