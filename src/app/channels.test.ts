import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { DIGEST_CHANNELS, FALLBACK_CHANNELS, NOTIFY_UNITS } from '../notify/registry.js';
import { openSection } from './channels.js';
import { configSchema } from './config-schema.js';

const sections = () => NOTIFY_UNITS.map((unit) => [unit.section, unit] as const);

describe('the notification units in soloops.yaml', () => {
  it.each(sections())('takes a wake.%s section and opens it', (section, unit) => {
    const config = configSchema.parse({ wake: { [section]: unit.example } });
    expect((config.wake as Record<string, unknown>)[section]).toEqual(unit.schema.parse(unit.example));
    // Every variable is set: opening reads the secrets, it builds nothing yet.
    const env = new Proxy({}, { get: (_env, name) => `value of ${String(name)}` });
    expect(openSection(config.wake, unit, env, '/')?.wake).toBeTypeOf('function');
  });

  it.each(sections())('names wake.%s.<key> when a secret of the section is missing', (section, unit) => {
    const config = configSchema.parse({ wake: { [section]: unit.example } });
    const open = () => openSection(config.wake, unit, {}, '/nonexistent');
    expect(open).toThrow(UserError);
    expect(open).toThrow(new RegExp(`^wake\\.${section}\\.\\w+: `));
  });

  it('opens nothing for an absent section', () => {
    const config = configSchema.parse({});
    for (const unit of NOTIFY_UNITS) expect(openSection(config.wake, unit, {}, '/')).toBeNull();
  });

  it('takes the derived channel lists in wake.fallbacks, wake.warnings_to and digest.send', () => {
    const config = configSchema.parse({
      wake: { fallbacks: [...FALLBACK_CHANNELS], warnings_to: FALLBACK_CHANNELS[0] },
      digest: { send: [...DIGEST_CHANNELS] },
    });
    expect(config.wake.fallbacks).toEqual(FALLBACK_CHANNELS);
    expect(config.digest.send).toEqual(DIGEST_CHANNELS);
    const refused = configSchema.safeParse({ wake: { fallbacks: ['call'] }, digest: { send: ['sms'] } });
    expect(refused.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['wake.fallbacks.0', 'digest.send.0']);
  });
});
