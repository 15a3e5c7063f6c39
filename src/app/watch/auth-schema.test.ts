import { describe, expect, it } from 'vitest';
import { webhookChecks } from '../../sources/registry.js';
import { configSchema } from '../config-schema.js';
import { sourceAuthSchema } from './auth-schema.js';

describe('watch.auth entries', () => {
  it('take the shared token and every source check of the registry, under its key', () => {
    expect(Object.keys(sourceAuthSchema.shape)).toEqual(['token', ...webhookChecks.map((check) => check.key)]);
  });

  it('are what the config file takes for any entry, with each check’s defaults', () => {
    const config = configSchema.parse({
      watch: {
        auth: {
          default: { token: { env: 'SOLOOPS_WEBHOOK_TOKEN' } },
          sentry: { sentry_secret: { file: '/run/credentials/sentry' } },
          cloudwatch: { sns: {} },
        },
      },
    });
    expect(config.watch.auth).toEqual({
      default: { token: { env: 'SOLOOPS_WEBHOOK_TOKEN' } },
      sentry: { sentry_secret: { file: '/run/credentials/sentry' } },
      cloudwatch: { sns: { verify: true, confirm_subscriptions: false, max_age: 3_600_000 } },
    });
    expect(configSchema.safeParse({ watch: { auth: { generic: { bogus: 1 } } } }).success).toBe(false);
  });
});
