import type { NormalizedAlert, Severity } from '../core/alert.js';

/**
 * STUB (issue 15, to be filled in by the feedback work): the person's verdicts by alert type.
 * A correction holds for every later alert of its type; the latest verdict on a type wins.
 */
export interface Correction {
  /** The type key (see typeOf). */
  type: string;
  severity: Severity;
  /** When the person said so (ISO-8601). */
  at: string;
  /** The alert they corrected (whole id), or null for a `triage teach` line. */
  alertId: string | null;
  /** The corrected alert's title, for `feedback list`. */
  title: string;
}

/**
 * The type of an alert: source + service + its name with numbers, ids, hosts and quoted values
 * normalized away. STUB: the real normalization comes with the feedback work.
 */
export function typeOf(alert: NormalizedAlert): string {
  return `${alert.source}|${alert.service}|${alert.title.toLowerCase()}`;
}

/** The corrections of a run, looked up per alert; plain data so worker threads get them too. */
export class Corrections {
  private readonly byType = new Map<string, Correction>();

  constructor(readonly list: readonly Correction[] = []) {
    // Later entries win: callers pass them oldest first.
    for (const correction of list) this.byType.set(correction.type, correction);
  }

  /** The person's verdict on this alert's type (its fingerprint first), or undefined. */
  find(alert: NormalizedAlert): Correction | undefined {
    if (this.byType.size === 0) return undefined;
    return this.byType.get(`fingerprint:${alert.fingerprint}`) ?? this.byType.get(typeOf(alert));
  }

  static readonly none = new Corrections();
}
