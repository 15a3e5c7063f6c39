import {
  emailProblem,
  NTFY_SERVER,
  ntfyTopicProblem,
  ntfyUrl,
  parseSecretRef,
  phoneProblem,
  secretRefProblem,
  urlProblem,
  type WakeAnswers,
} from '../../../app/init-wake.js';
import type { SecretRef } from '../../../core/config.js';
import type { Prompts } from '../../output/prompt.js';

/**
 * How soloops reaches the person: ntfy, Twilio, email, Slack, each skipped with Enter. Secrets
 * are asked as references (env:NAME or file:/path), never as values.
 */
export async function askWake({ input, confirm }: Prompts, signal: AbortSignal): Promise<WakeAnswers> {
  const ask = (message: string, options: { default?: string; validate?: (v: string) => true | string } = {}) =>
    input(
      { message, default: options.default ?? '', ...(options.validate && { validate: options.validate }) },
      {
        signal,
      },
    ).then((answer) => answer.trim());
  const secret = async (message: string, fallback: string): Promise<SecretRef> =>
    parseSecretRef(
      await ask(`${message}, as env:VARIABLE or file:/path`, { default: fallback, validate: secretRefProblem }),
    )!;
  const wake: WakeAnswers = {};

  const topic = await ask('Wake you by ntfy push: topic (hard to guess; Enter: no ntfy)', {
    validate: ntfyTopicProblem,
  });
  if (topic) {
    const server = /^https?:\/\//.test(topic)
      ? ''
      : await ask('ntfy server', { default: NTFY_SERVER, validate: urlProblem });
    wake.ntfy = { url: ntfyUrl(topic, server) };
  }

  const to = await ask('Wake you by phone call and SMS (Twilio): your number, +E.164 (Enter: no calls)', {
    validate: (v) => v.trim() === '' || phoneProblem(v),
  });
  if (to) {
    const from = await ask('Your Twilio number calls come from, +E.164', { validate: phoneProblem });
    const account_sid = await secret('Twilio account SID', 'env:TWILIO_ACCOUNT_SID');
    const auth_token = await secret('Twilio auth token', 'env:TWILIO_AUTH_TOKEN');
    wake.twilio = { account_sid, auth_token, from, to };
  }

  const mailTo = await ask('Wake you by email: your address (Enter: no email)', {
    validate: (v) => v.trim() === '' || emailProblem(v),
  });
  if (mailTo) {
    const from = await ask('Send it from', { default: mailTo, validate: emailProblem });
    const smtp_url = await secret('SMTP URL (smtp://user:password@host:587)', 'env:SOLOOPS_SMTP_URL');
    wake.email = { smtp_url, from, to: mailTo };
  }

  if (await confirm({ message: 'Post to Slack through an incoming webhook?', default: false }, { signal })) {
    wake.slack = { webhook_url: await secret('Slack webhook URL', 'env:SLACK_WEBHOOK_URL') };
  }
  return wake;
}
