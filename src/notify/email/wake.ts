import { factsOf, headline, nextStep } from '../text.js';
import type { Channel, WakeMessage } from '../types.js';
import { smtpSender, type EmailChannelOptions } from './smtp.js';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The lines of the message after the subject; the same for the text and the HTML part. */
function bodyLines(message: WakeMessage): string[] {
  const facts = factsOf(message).map(([label, value]) => `${label}: ${value}`);
  return [...facts, ...(facts.length ? [''] : []), nextStep(message)];
}

function htmlOf(subject: string, lines: string[]): string {
  const paragraphs = lines.filter((line) => line !== '').map((line) => `<p>${escapeHtml(line)}</p>`);
  return `<!doctype html><html><body><h2>${escapeHtml(subject)}</h2>${paragraphs.join('')}</body></html>`;
}

/** Sends the wake as a multipart (text and HTML) email through one SMTP server; see {@link smtpSender}. */
export function emailChannel(options: EmailChannelOptions): Channel {
  const send = smtpSender(options, 'wake.email.smtp_url');
  return {
    name: 'email',
    async send(message, signal) {
      const subject = `[soloops] ${headline(message, 'email')}`;
      const lines = bodyLines(message);
      return send({ subject, text: `${lines.join('\n')}\n`, html: htmlOf(subject, lines) }, signal);
    },
  };
}
