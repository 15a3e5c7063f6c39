import type { DigestPattern } from '../core/digest.js';

/** When an alert type counts as "fires often" (defaults as the issue gives them). */
export interface PatternSettings {
  /** At least this many of the last `outOf` nights… */
  nights: number;
  outOf: number;
  /** …or more than this many times tonight. */
  tonight: number;
}

export const defaultPatternSettings: PatternSettings = { nights: 4, outOf: 7, tonight: 10 };

const DAY_MS = 24 * 3600_000;

/** How many of the last `outOf` nights (24 h spans ending at `windowEnd`) had one of these firings. */
export function nightsFired(times: Date[], windowEnd: Date, outOf: number): number {
  const nights = new Set<number>();
  for (const t of times) {
    const back = Math.floor((windowEnd.getTime() - 1 - t.getTime()) / DAY_MS);
    if (back >= 0 && back < outOf) nights.add(back);
  }
  return nights.size;
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The pattern mark for an alert type, or null. The suggestion is a command to paste: for a
 * warning or info that fires night after night, a feedback correction to info (the model
 * learns it, and it never reaches the digest's top again); for a critical one, a week's silence
 * to stop the calls while the cause is fixed — soloops never quietly downgrades a critical.
 */
export function patternOf(
  group: { title: string; service: string; severity: string; latestAlertId: string },
  firings: Date[],
  tonight: number,
  windowEnd: Date,
  settings: PatternSettings = defaultPatternSettings,
): DigestPattern | null {
  const nights = nightsFired(firings, windowEnd, settings.outOf);
  const often = nights >= settings.nights;
  const loud = tonight > settings.tonight;
  if (!often && !loud) return null;
  const reason = often ? `fired on ${nights} of the last ${settings.outOf} nights` : `fired ${tonight} times tonight`;
  const suggestion =
    group.severity === 'critical'
      ? `soloops watch silence add --match service=${quote(group.service)} --match title=${quote(group.title)} ` +
        `--for 7d --comment ${quote(`${reason}; fix the cause`)}`
      : `soloops triage feedback ${group.latestAlertId.slice(0, 8)} wrong --severity info`;
  return { nights, outOf: settings.outOf, tonight, reason, suggestion };
}
