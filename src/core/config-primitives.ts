import ms from 'ms';
import * as z from 'zod';

// The building blocks every part of the config schema shares: core's sections (config.ts), the wake and
// digest sections (app/config-wake.ts) and the units' own settings (src/notify, src/sources).

/** A duration such as `5s`, `2m` or `1h`, parsed with `ms`; stored as milliseconds. */
export const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const parsed = typeof value === 'number' ? value : ms(value as ms.StringValue);
  if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as "5s" or "2m", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return parsed;
});

export const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as "Europe/Berlin"' },
);

/**
 * Where a secret lives: an environment variable or a file (e.g. a systemd credential). Never
 * the secret itself: config files get committed and printed.
 */
export const secretRef = z
  .strictObject({ env: z.string().min(1).optional(), file: z.string().min(1).optional() })
  .refine((r) => (r.env === undefined) !== (r.file === undefined), {
    message: 'give exactly one of env (a variable name) or file (a path)',
  });
