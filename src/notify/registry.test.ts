import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CHANNELS } from '../core/channel.js';
import {
  CHANNEL_UNITS,
  DIGEST_CHANNELS,
  FALLBACK_CHANNELS,
  NOTIFY_SECTIONS,
  NOTIFY_UNITS,
  unitOf,
} from './registry.js';
import type { ReadSecret, WakeContext } from './unit.js';

// Adding a channel to CHANNELS without a unit fails to compile (registry.ts); these tests make
// sure the unit it gets is complete: a settings section the config takes, a wake channel, and
// the digest sender it declares.

/** Stands in for the secrets a unit reads: a value of the right shape per key. */
const secret: ReadSecret = (_ref, key) =>
  ({
    smtp_url: 'smtp://soloops:secret@127.0.0.1:2525',
    account_sid: 'AC00000000000000000000000000000000',
  })[key] ?? `https://secrets.example.com/${key}`;

const context: WakeContext = {
  publicUrl: 'https://wake.example.com',
  ringTimeoutMs: 30_000,
  prices: { callMinute: 0.014, sms: 0.0083 },
  env: {},
};

describe('the notification registry', () => {
  it.each(CHANNELS)('gives %s a unit that declares it and has a settings schema its example fits', (channel) => {
    const unit = unitOf(channel);
    expect(unit.channels[channel]).toEqual({ fallback: expect.any(Boolean), digest: expect.any(Boolean) });
    expect(unit.schema).toBeInstanceOf(z.ZodType);
    expect(unit.schema.safeParse(unit.example).success).toBe(true);
  });

  it.each(CHANNELS)('builds the %s wake channel from its opened section', async (channel) => {
    const unit = unitOf(channel);
    const built = await unit.open(unit.schema.parse(unit.example), secret).wake(context);
    const wake = built.channels[channel];
    expect(wake?.name).toBe(channel);
    expect(wake?.send).toBeTypeOf('function');
  });

  it.each(DIGEST_CHANNELS)('builds the %s digest sender its unit declares', async (channel) => {
    const unit = unitOf(channel);
    const opened = unit.open(unit.schema.parse(unit.example), secret);
    expect(opened.digest).toBeTypeOf('function');
    const sender = await opened.digest!(channel);
    expect(sender.name).toBe(channel);
    expect(sender.send).toBeTypeOf('function');
  });

  it('puts every unit once in the wake: sections, each optional', () => {
    expect(NOTIFY_UNITS.map((unit) => unit.section)).toEqual(['twilio', 'email', 'slack', 'discord', 'ntfy']);
    expect(new Set(Object.values(CHANNEL_UNITS)).size).toBe(NOTIFY_UNITS.length);
    const sections = z.strictObject(NOTIFY_SECTIONS);
    expect(sections.parse({})).toEqual({});
    const examples = Object.fromEntries(NOTIFY_UNITS.map((unit) => [unit.section, unit.example]));
    expect(sections.parse(examples)).toEqual(examples);
  });

  it('derives the fallback and digest channels from what each unit declares', () => {
    // The config file format: these are the names wake.fallbacks, wake.warnings_to and digest.send take.
    expect(FALLBACK_CHANNELS).toEqual(['email', 'slack', 'discord', 'ntfy']);
    expect(DIGEST_CHANNELS).toEqual(['email', 'slack', 'discord', 'ntfy']);
  });
});
