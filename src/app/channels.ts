import type { AnyNotifyUnit } from '../notify/unit.js';
import type { WakeConfig } from './config-schema.js';
import { readSecret } from './secrets.js';

type Env = Record<string, string | undefined>;

/**
 * A unit's `wake:` section opened: its secrets read now (a missing variable or file is a
 * UserError naming `wake.<section>.<key>`), or null when the section is absent. Smart Wake and
 * the digest share these sections; each opens only the units it is about to use.
 */
export function openSection(wake: WakeConfig, unit: AnyNotifyUnit, env: Env, baseDir: string) {
  // The registry spreads every unit's section into the wake schema, so the key is always there.
  const section: unknown = (wake as Record<string, unknown>)[unit.section];
  if (section === undefined) return null;
  return unit.open(section, (ref, key) => readSecret(ref, `wake.${unit.section}.${key}`, env, baseDir));
}
