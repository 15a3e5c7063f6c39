import type { WakeOutcome } from '../../core/digest.js';
import { WOULD_HAVE_WOKEN_YOU, wakeOutcomeOfLadder } from '../../core/wake-outcome.js';
import type { Attempt, Ladder, StepChannel } from '../../core/wake.js';
import { NOTIFY_UNITS } from '../../notify/registry.js';
import { planLadder } from '../../watch/wake/plan.js';
import type { WakeConfig } from '../config-schema.js';
import { wakeSettings } from './wake.js';

// How a wake is told: the words and the rule live in core/wake-outcome.ts, shared with the digest.
export { WOKE_YOU, WOULD_HAVE_WOKEN_YOU, wakeWords } from '../../core/wake-outcome.js';

/** How the ladder went, from its attempts (see wakeOutcomeOfLadder). */
export function wakeOutcomeOf(
  ladder: Pick<Ladder, 'steps' | 'state' | 'ackedAt'>,
  attempts: ReadonlyArray<Pick<Attempt, 'kind' | 'outcome'>>,
): WakeOutcome {
  const delivered = attempts.filter((a) => a.kind === 'wake' && a.outcome !== 'failed' && a.outcome !== 'sending');
  return wakeOutcomeOfLadder(ladder, delivered.length);
}

/**
 * What `soloops watch` says at start-up when a critical alert would reach nobody: no `wake:` section
 * gives the ladder a step (no Twilio, and no configured channel in wake.fallbacks). Read from the
 * config alone (no secret is opened), so it can be said before the live view draws. Null when
 * some channel would ring.
 */
export function noWakeChannelNotice(wake: WakeConfig): { message: string; hint: string } | null {
  const configured = NOTIFY_UNITS.filter((unit) => (wake as Record<string, unknown>)[unit.section] !== undefined);
  const channels = configured.flatMap((unit) => Object.keys(unit.channels) as StepChannel[]);
  if (planLadder(wakeSettings(wake, channels), new Date(0)).length > 0) return null;
  const others = NOTIFY_UNITS.filter((unit) => unit.section !== 'twilio').map((unit) => unit.section);
  const unused = configured.filter((unit) => unit.section !== 'twilio').map((unit) => `wake.${unit.section}`);
  return {
    message:
      'no wake channel is configured: a critical alert will wake nobody ' +
      `(\`watch status\` and the digest will say "${WOULD_HAVE_WOKEN_YOU}")`,
    hint:
      `add wake.twilio (calls and SMS), or a ${others.map((s) => `wake.${s}`).join(' / ')} section named in ` +
      'wake.fallbacks, ' +
      'to soloops.yaml (`soloops init` writes a commented example), then try it with `soloops watch test-wake`' +
      (unused.length
        ? `; ${unused.join(', ')} ${unused.length === 1 ? 'is' : 'are'} set up but not in wake.fallbacks`
        : ''),
  };
}
