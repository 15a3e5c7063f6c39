import type * as z from 'zod';
import type { SecretRef } from '../core/config.js';
import type { emailSchema } from '../notify/email/index.js';
import type { ntfySchema } from '../notify/ntfy/index.js';
import type { slackSchema } from '../notify/slack/index.js';
import type { twilioSchema } from '../notify/twilio/index.js';

// The wake channels `soloops init` asks about, and how an answer becomes a `wake:` section.
// Secrets are answered as references (env:NAME, file:/path) and written as {env}/{file}: the
// secret itself never reaches soloops.yaml, which gets committed and printed.

/** The `wake:` sections init writes, each only when the person answered for it. */
export interface WakeAnswers {
  ntfy?: z.input<typeof ntfySchema>;
  twilio?: z.input<typeof twilioSchema>;
  email?: z.input<typeof emailSchema>;
  slack?: z.input<typeof slackSchema>;
}

export const NTFY_SERVER = 'https://ntfy.sh';

/** The order of the fallbacks after the calls and the SMS: a phone push first, a mailbox last. */
const FALLBACK_ORDER = ['ntfy', 'slack', 'email'] as const;

/** The channels to list in wake.fallbacks for these answers. */
export function fallbacksOf(wake: WakeAnswers): string[] {
  return FALLBACK_ORDER.filter((channel) => wake[channel] !== undefined);
}

/** Whether any way to wake the person was set up. */
export function hasWakeChannel(wake: WakeAnswers | undefined): boolean {
  return wake !== undefined && Object.values(wake).some((section) => section !== undefined);
}

/** `env:NAME` → {env: NAME}, `file:/path` → {file: /path}; null for anything else (a pasted secret, say). */
export function parseSecretRef(answer: string): SecretRef | null {
  const text = answer.trim();
  const env = /^env:\s*([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
  if (env) return { env: env[1]! };
  const file = /^file:\s*(\S.*)$/.exec(text);
  return file ? { file: file[1]! } : null;
}

/** The inquirer `validate` answer for a secret reference. */
export function secretRefProblem(answer: string): true | string {
  return (
    parseSecretRef(answer) !== null || 'write env:VARIABLE or file:/path; the secret itself never goes in soloops.yaml'
  );
}

/** E.164, as wake.twilio wants its numbers. */
export function phoneProblem(answer: string): true | string {
  return /^\+\d{6,15}$/.test(answer.trim()) || 'expected an E.164 number such as +15551234567';
}

export function emailProblem(answer: string): true | string {
  return /^[^\s@]+@[^\s@]+$/.test(answer.trim()) || 'expected an address such as me@example.com';
}

/** A topic name as ntfy takes it, or a whole topic URL; empty skips ntfy. */
export function ntfyTopicProblem(answer: string): true | string {
  const text = answer.trim();
  return (
    text === '' ||
    /^[-_A-Za-z0-9]{1,64}$/.test(text) ||
    /^https?:\/\/\S+\/[-_A-Za-z0-9]{1,64}$/.test(text) ||
    'expected a topic (letters, digits, - and _) or a topic URL such as https://ntfy.sh/my-topic'
  );
}

export function urlProblem(answer: string): true | string {
  return /^https?:\/\/[^\s/]+/.test(answer.trim()) || 'expected a URL such as https://ntfy.sh';
}

/** The topic URL: a whole URL as given, else the topic on the server. */
export function ntfyUrl(topic: string, server: string): string {
  const text = topic.trim();
  return /^https?:\/\//.test(text) ? text : `${server.trim().replace(/\/+$/, '')}/${text}`;
}

/** The environment variables the answers name: the person exports them before `watch test-wake`. */
export function variablesOf(wake: WakeAnswers | undefined): string[] {
  const refs: unknown[] = [
    wake?.twilio?.account_sid,
    wake?.twilio?.auth_token,
    wake?.email?.smtp_url,
    wake?.slack?.webhook_url,
  ];
  return refs.flatMap((ref) => (ref && typeof ref === 'object' && 'env' in ref ? [String(ref.env)] : []));
}
