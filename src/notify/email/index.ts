import * as z from 'zod';
import { secretRef } from '../../core/config-primitives.js';
import { notifyUnit } from '../unit.js';

/** `wake.email`: one SMTP server, sender and recipient, for the wake email and the digest. */
export const emailSchema = z.strictObject({
  /** smtp://user:pass@host:587 or smtps://…; a secret, since it carries the password. */
  smtp_url: secretRef,
  from: z.string().min(3),
  to: z.string().min(3),
});

/** Email: a wake step after the calls and the SMS, and the digest as a multipart email (nodemailer). */
export const emailUnit = notifyUnit({
  section: 'email',
  schema: emailSchema,
  channels: { email: { fallback: true, digest: true } },
  example: { smtp_url: { env: 'SMTP_URL' }, from: 'soloops@example.com', to: 'me@example.com' },
  open(section, secret) {
    const settings = { smtpUrl: secret(section.smtp_url, 'smtp_url'), from: section.from, to: section.to };
    return {
      wake: async () => ({ channels: { email: (await import('./wake.js')).emailChannel(settings) } }),
      digest: async () => (await import('./digest.js')).emailDigestSender(settings),
    };
  },
});
