import type { WakeOutcome } from './digest.js';
import type { Ladder } from './wake.js';

// How a wake is told to the person, the one wording of `watch status`, the digest and
// `digest --interactive`. A critical group always starts a wake ladder; when no channel was
// configured at that moment the ladder was stored with no step, so the store itself says
// whether anyone could have been reached.

/** The words for a wake that reached for the person. */
export const WOKE_YOU = 'woke you';
/** The words for a wake no channel could carry: nobody was called, and the person must not think otherwise. */
export const WOULD_HAVE_WOKEN_YOU = 'would have woken you (no channel configured)';
/** The words for a wake whose every attempt failed. */
export const NOT_REACHED = 'tried to wake you: every attempt failed';

/**
 * How a ladder went: no step stored, no channel; no attempt delivered, not acknowledged and no
 * longer ringing, not reached; else it woke the person.
 */
export function wakeOutcomeOfLadder(
  ladder: Pick<Ladder, 'steps' | 'state' | 'ackedAt'>,
  delivered: number,
): WakeOutcome {
  if (ladder.steps.length === 0) return 'no-channel';
  if (delivered === 0 && !ladder.ackedAt && ladder.state !== 'ringing') return 'not-reached';
  return 'woke';
}

/** The words for each outcome. */
export function wakeWords(outcome: WakeOutcome): string {
  if (outcome === 'no-channel') return WOULD_HAVE_WOKEN_YOU;
  if (outcome === 'not-reached') return NOT_REACHED;
  return WOKE_YOU;
}
