import type { WakeOutcome } from '../../core/digest.js';
import type { Attempt, Ladder, StepChannel } from '../../core/wake.js';
import { NOTIFY_UNITS } from '../../notify/registry.js';
import { planLadder } from '../../watch/wake/plan.js';
import type { WakeConfig } from '../config-schema.js';
import { wakeSettings } from './wake.js';

// How a wake is told to the person, shared by `watch status`, the digest and `digest --interactive`.
// A critical group always starts a wake ladder; when no channel was configured at that moment the
// ladder was stored with no step, so the store itself says whether anyone could have been reached.

/** The words for a wake that reached for the person. */
export const WOKE_YOU = 'woke you';
/** The words for a wake no channel could carry: nobody was called, and the person must not think otherwise. */
export const WOULD_HAVE_WOKEN_YOU = 'would have woken you (no channel configured)';

/** True when the ladder had at least one step to run: some channel was configured when the group woke. */
export function wakeReachedOut(ladder: Pick<Ladder, 'steps'>): boolean {
  return ladder.steps.length > 0;
}

/** "woke you", or "would have woken you (no channel configured)" for a ladder stored with no step. */
export function wokeYou(ladder: Pick<Ladder, 'steps'>): string {
  return wakeReachedOut(ladder) ? WOKE_YOU : WOULD_HAVE_WOKEN_YOU;
}

/**
 * How the ladder went, by the digest's rule (src/digest/build.ts wakeOutcome): no step stored, no
 * channel; every step run and no attempt delivered nor acknowledged, not reached; else it woke you.
 */
export function wakeOutcomeOf(
  ladder: Pick<Ladder, 'steps' | 'state' | 'ackedAt'>,
  attempts: ReadonlyArray<Pick<Attempt, 'kind' | 'outcome'>>,
): WakeOutcome {
  if (!wakeReachedOut(ladder)) return 'no-channel';
  const delivered = attempts.filter((a) => a.kind === 'wake' && a.outcome !== 'failed' && a.outcome !== 'sending');
  if (delivered.length === 0 && !ladder.ackedAt && ladder.state !== 'ringing') return 'not-reached';
  return 'woke';
}

/** The words for each outcome, as `watch status` and the digest say them. */
export function wakeWords(outcome: WakeOutcome): string {
  if (outcome === 'no-channel') return WOULD_HAVE_WOKEN_YOU;
  if (outcome === 'not-reached') return 'tried to wake you: every attempt failed';
  return WOKE_YOU;
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
