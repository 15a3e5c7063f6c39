import type * as z from 'zod';
import { CHANNELS, type ChannelName } from '../core/channel.js';
import { discordUnit } from './discord/index.js';
import { emailUnit } from './email/index.js';
import { ntfyUnit } from './ntfy/index.js';
import { slackUnit } from './slack/index.js';
import { twilioUnit } from './twilio/index.js';
import type { AnyNotifyUnit, ChannelUses, NotifyUnit } from './unit.js';

/**
 * Every channel of CHANNELS and the unit (folder of src/notify/) that provides it, one line each.
 * The type refuses a name of CHANNELS without a line, and a unit that does not provide the
 * channel it is listed for. Twilio's section serves two channels, so its unit has two lines.
 */
export const CHANNEL_UNITS = {
  call: twilioUnit,
  sms: twilioUnit,
  email: emailUnit,
  slack: slackUnit,
  discord: discordUnit,
  ntfy: ntfyUnit,
} satisfies { [C in ChannelName]: NotifyUnit<C, string, z.ZodType> };

/** Every unit once, in the order of CHANNELS (the order of the sections in `wake:`). */
export const NOTIFY_UNITS: readonly AnyNotifyUnit[] = [
  ...new Set<AnyNotifyUnit>(CHANNELS.map((channel) => CHANNEL_UNITS[channel])),
];

/** The unit that provides a channel. */
export function unitOf(channel: ChannelName): AnyNotifyUnit {
  return CHANNEL_UNITS[channel];
}

/** What a channel can be used for (its unit says). */
export function usesOf(channel: ChannelName): ChannelUses {
  return unitOf(channel).channels[channel]!;
}

/** The channels that can follow the calls and the SMS in a ladder (wake.fallbacks) and take warnings_to. */
export const FALLBACK_CHANNELS: readonly ChannelName[] = CHANNELS.filter((channel) => usesOf(channel).fallback);

/** The channels that can carry the morning digest (digest.send, `digest --send`). */
export const DIGEST_CHANNELS: readonly ChannelName[] = CHANNELS.filter((channel) => usesOf(channel).digest);

type Registry = typeof CHANNEL_UNITS;

/** The units' sections of `wake:`, each optional, keyed by section name, with their precise schemas. */
export type NotifySections = {
  [C in ChannelName as Registry[C]['section']]: z.ZodOptional<Registry[C]['schema']>;
};

/** The units' sections of `wake:` (see {@link NotifySections}), for the config schema to spread in. */
export const NOTIFY_SECTIONS = Object.fromEntries(
  NOTIFY_UNITS.map((unit) => [unit.section, unit.schema.optional()]),
) as NotifySections;
