import type * as z from 'zod';
import type { Channel, ChannelName } from '../core/channel.js';
import type { SecretRef } from '../core/config.js';
import type { DigestSender } from './digest.js';

// The contract of one notification unit (a folder of src/notify/). A unit owns one section of
// `wake:` in soloops.yaml and provides one or more channels of CHANNELS; src/notify/registry.ts
// lists every unit. Its index.ts stays light (zod and these types): the provider's SDK and
// the message formatting load only when a wake or a digest is actually built.

/** Reads one secret of the unit's section now; `key` is its key in the section ("webhook_url"), for the message. */
export type ReadSecret = (ref: SecretRef, key: string) => string;

/** What building wake channels may need beyond the unit's own section: the ladder-wide `wake:` settings. */
export interface WakeContext {
  /** wake.public_url: where a provider calls back (Twilio's key press and statuses); unset: no callbacks. */
  publicUrl: string | undefined;
  /** wake.ring_timeout, in milliseconds. */
  ringTimeoutMs: number;
  /** wake.prices, in US dollars. */
  prices: { callMinute: number; sms: number };
  /** The environment (SOLOOPS_TWILIO_API_URL points Twilio at a local fake in tests). */
  env: Record<string, string | undefined>;
}

/** A unit's wake channels, built. */
export interface WakeChannels<C extends ChannelName> {
  channels: Record<C, Channel>;
  /** Whether a callback really comes from the provider (Twilio's signed webhooks); absent without callbacks. */
  signatureValid?(signature: string, url: string, params: Record<string, string | string[]>): boolean;
}

/** What a channel can be used for besides the place the ladder gives it by itself. */
export interface ChannelUses {
  /** Can be a step after the calls and the SMS (wake.fallbacks) and take warnings by day (wake.warnings_to). */
  fallback: boolean;
  /** Can carry the morning digest (digest.send, `digest --send`); the unit then builds a digest sender for it. */
  digest: boolean;
}

/** A unit's section with its secrets read: it builds its senders on demand, loading their SDK then. */
export interface OpenedUnit<C extends ChannelName> {
  /** The unit's wake channels (the `Channel`s of core/channel.ts). */
  wake(context: WakeContext): Promise<WakeChannels<C>>;
  /** The digest sender of one of its channels; present when some channel declares the `digest` use. */
  digest?(channel: C): Promise<DigestSender>;
}

/** One notification unit, as it defines itself (see {@link notifyUnit}). */
export interface NotifyUnit<C extends ChannelName, Section extends string, Schema extends z.ZodType> {
  /** Its key under `wake:` in soloops.yaml; the digest reads the same section. */
  section: Section;
  /** The section's settings: part of the config file format, so keys, defaults and messages never change. */
  schema: Schema;
  /** The channels it provides, each with what it can be used for. */
  channels: { readonly [K in C]: ChannelUses };
  /** A valid section, for the registry's test and as documentation of the format. */
  example: z.input<Schema>;
  /** Reads the section's secrets now (a missing one stops the command at start, naming wake.<section>.<key>). */
  open(settings: z.output<Schema>, secret: ReadSecret): OpenedUnit<C>;
}

/** Any unit, as code that loops over the registry sees it. */
export interface AnyNotifyUnit {
  readonly section: string;
  readonly schema: z.ZodType;
  readonly channels: Partial<Record<ChannelName, ChannelUses>>;
  readonly example: unknown;
  open(
    settings: unknown,
    secret: ReadSecret,
  ): {
    wake(context: WakeContext): Promise<{
      channels: Partial<Record<ChannelName, Channel>>;
      signatureValid?: WakeChannels<ChannelName>['signatureValid'];
    }>;
    digest?(channel: ChannelName): Promise<DigestSender>;
  };
}

/** Defines a unit, keeping its section name, schema and channels as precise types for the registry. */
export function notifyUnit<C extends ChannelName, const Section extends string, Schema extends z.ZodType>(
  unit: NotifyUnit<C, Section, Schema>,
): NotifyUnit<C, Section, Schema> {
  return unit;
}
