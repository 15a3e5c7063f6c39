import * as z from 'zod';
import { duration, timeZone } from '../core/config-primitives.js';
import { DIGEST_CHANNELS, FALLBACK_CHANNELS, NOTIFY_SECTIONS } from '../notify/registry.js';

// The `wake:` and `digest:` sections. Each channel's own settings (wake.twilio, wake.email…) are
// its unit's schema in src/notify/, spread in from the registry, as are the lists of channels a
// fallback and a digest may name.

/** A clock time of day, "23:00". */
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as "23:00"');

/**
 * Prices for the cost figures, in US dollars. Defaults: Twilio's published US list prices as of
 * 2025 (outbound call $0.0140 a minute, SMS $0.0083 a segment, carrier fees not included). They
 * change; put your own here.
 */
const pricesSchema = z.strictObject({
  call_minute: z.number().nonnegative().default(0.014),
  sms: z.number().nonnegative().default(0.0083),
});

/** Smart Wake (`wake:` in soloops.yaml): how a critical group reaches the person. */
export const wakeSchema = z.strictObject({
  /**
   * Where Twilio reaches this daemon for the key press and call status (the public https URL of
   * `soloops watch`, e.g. behind a reverse proxy). Without it calls still ring, but pressing 1
   * cannot acknowledge: use the SMS reply or `soloops ack`.
   */
  public_url: z.url().optional(),
  quiet_hours: z.strictObject({ start: clock, end: clock, timezone: timeZone.optional() }).optional(),
  /** Calls in all, the first one included (the "call, then 3 more"). */
  calls: z.number().int().min(0).max(10).default(4),
  call_interval: duration.default(180_000),
  /** Rings this long before Twilio gives up on a call. */
  ring_timeout: duration.default(30_000),
  sms: z.boolean().default(true),
  /** After the SMS, in this order; each needs its own section below. */
  fallbacks: z.array(z.enum(FALLBACK_CHANNELS)).default([]),
  /** Outside quiet hours, warnings are pushed to this channel at once (off by default). */
  warnings_to: z.enum(FALLBACK_CHANNELS).optional(),
  /** Attempts per step when a channel fails, with exponential backoff, before the ladder moves on. */
  retries: z.number().int().min(0).max(5).default(2),
  /** The first retry's delay; each further one doubles it. */
  retry_delay: duration.default(1_000),
  /** One section per notification unit: twilio, email, slack, discord, ntfy. */
  ...NOTIFY_SECTIONS,
  prices: pricesSchema.default({ call_minute: 0.014, sms: 0.0083 }),
});

export type WakeConfig = z.output<typeof wakeSchema>;

/** The morning digest (`digest:`). Its channels are the `wake:` sections of the same names. */
export const digestSchema = z.strictObject({
  /** When `soloops watch` sends it, on the person's clock; unset: only `soloops digest --send` (or a timer) sends. */
  at: clock.optional(),
  /** The night it covers, "23:00-08:00"; default: the quiet hours, else 23:00-08:00. */
  window: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'expected a span such as "23:00-08:00"')
    .optional(),
  /** Where `--send` (and the daemon) deliver it when no channel is named. */
  send: z.array(z.enum(DIGEST_CHANNELS)).default([]),
  fires_often: z
    .strictObject({
      nights: z.number().int().min(1).default(4),
      out_of: z.number().int().min(1).max(31).default(7),
      tonight: z.number().int().min(1).default(10),
    })
    .default({ nights: 4, out_of: 7, tonight: 10 }),
  /**
   * Claude writes each group's summary (one request per group; the deterministic sentence stays
   * on any failure). Off by default: it sends the night's alert texts to Anthropic, and it needs
   * ANTHROPIC_API_KEY in the environment.
   */
  llm: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** Default: the triage layer's Haiku. */
      model: z.string().optional(),
      /** Per group's question. */
      timeout: duration.default(5_000),
    })
    .default({ enabled: false, timeout: 5_000 }),
});

export type DigestConfig = z.output<typeof digestSchema>;
