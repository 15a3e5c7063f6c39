import type { NormalizedAlert, Severity } from '../core/alert.js';
import { typeOf } from './type-key.js';

export { nameOf, typeOf } from './type-key.js';

/**
 * The person's verdict on a type of alert (`triage feedback`, `triage teach`). It holds for every
 * later alert of that type, ahead of the sender's severity and the model; plain data, so worker
 * threads get it by structured clone.
 */
export interface Correction {
  /** The type key (see typeOf). */
  type: string;
  /** The corrected alert's fingerprint: the same alert again, even if its type key changed. */
  fingerprint: string | null;
  severity: Severity;
  /** When the person said so (ISO-8601, UTC). */
  at: string;
  /** The alert they corrected (whole id), or null for a `triage teach` line. */
  alertId: string | null;
  /** The corrected alert's title, for `feedback list`. */
  title: string;
}

/**
 * The corrections of a run, looked up per alert. A correction is found by the alert's fingerprint
 * and by its type; when both find one, the later verdict wins (a person who marked one firing of
 * a type, then another, changed their mind about the type).
 */
export class Corrections {
  private readonly byType = new Map<string, number>();
  private readonly byFingerprint = new Map<string, number>();

  /** `list` oldest first (later entries win); plain JSON, as loadCorrections or a worker hands it over. */
  constructor(readonly list: readonly Correction[] = []) {
    for (let i = 0; i < list.length; i++) {
      const correction = list[i]!;
      this.byType.set(correction.type, i);
      if (correction.fingerprint) this.byFingerprint.set(correction.fingerprint, i);
    }
  }

  get size(): number {
    return this.list.length;
  }

  /** The person's verdict on this alert's type (or on this very alert), or undefined. */
  find(alert: NormalizedAlert): Correction | undefined {
    if (this.list.length === 0) return undefined;
    const byFingerprint = this.byFingerprint.get(alert.fingerprint) ?? -1;
    const byType = this.byType.get(typeOf(alert)) ?? -1;
    const latest = Math.max(byFingerprint, byType);
    return latest < 0 ? undefined : this.list[latest];
  }

  static readonly none = new Corrections();
}

/** Reason lines by correction: the same few corrections decide many alerts of a run. */
const reasons = new WeakMap<Correction, { timeZone: string | undefined; text: string }>();

/**
 * The reason a correction gives for its verdict, as `--explain` and the digest show it:
 * `you marked this type warning on 2026-11-30 (alert 1a2b3c4d)`, or `(taught)` for a line of
 * `triage teach`. The date is the person's (`timeZone`, an IANA name) when given, else UTC's.
 */
export function correctionReason(correction: Correction, timeZone?: string): string {
  const cached = reasons.get(correction);
  if (cached && cached.timeZone === timeZone) return cached.text;
  const from = correction.alertId === null ? 'taught' : `alert ${correction.alertId.slice(0, 8)}`;
  const text = `you marked this type ${correction.severity} on ${dateOf(correction.at, timeZone)} (${from})`;
  reasons.set(correction, { timeZone, text });
  return text;
}

/** YYYY-MM-DD of an instant, in a time zone (the en-CA locale writes dates that way) or UTC. */
export function dateOf(at: string, timeZone?: string): string {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) return at;
  if (!timeZone) return instant.toISOString().slice(0, 10);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}
