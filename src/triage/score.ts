import { severities, type Severity } from '../core/alert.js';

/** How a classifier did on labelled alerts; the figures the product promises are the first two. */
export interface Score {
  n: number;
  /** Share of truly critical alerts called critical (a missed outage is the worst failure). */
  criticalRecall: number | null;
  /** Share of non-critical alerts NOT called critical: nights not interrupted needlessly. */
  nonCriticalKeptFromWaking: number | null;
  accuracy: number | null;
  /** confusion[expected][predicted] = count. */
  confusion: Record<Severity, Record<Severity, number>>;
}

/** Scores predicted against expected severities. Ratios are null when their denominator is 0. */
export function scoreVerdicts(pairs: Iterable<{ expected: Severity; predicted: Severity }>): Score {
  const confusion = Object.fromEntries(
    severities.map((e) => [e, Object.fromEntries(severities.map((p) => [p, 0]))]),
  ) as Score['confusion'];
  let n = 0;
  for (const { expected, predicted } of pairs) {
    confusion[expected][predicted]++;
    n++;
  }
  const row = (s: Severity) => severities.reduce((sum, p) => sum + confusion[s][p], 0);
  const ratio = (num: number, den: number) => (den === 0 ? null : num / den);
  const critical = row('critical');
  const nonCritical = n - critical;
  const nonCriticalCalledCritical = confusion.warning.critical + confusion.info.critical;
  const correct = severities.reduce((sum, s) => sum + confusion[s][s], 0);
  return {
    n,
    criticalRecall: ratio(confusion.critical.critical, critical),
    nonCriticalKeptFromWaking: ratio(nonCritical - nonCriticalCalledCritical, nonCritical),
    accuracy: ratio(correct, n),
    confusion,
  };
}

/** The score as a few lines for a terminal. */
export function formatScore(score: Score): string {
  const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
  const header = `expected \\ predicted   ${severities.map((s) => s.padStart(9)).join('')}`;
  const rows = severities.map(
    (e) => `${e.padEnd(22)}${severities.map((p) => String(score.confusion[e][p]).padStart(9)).join('')}`,
  );
  return [
    `alerts: ${score.n}`,
    `critical recall: ${pct(score.criticalRecall)}   ` +
      `non-critical kept from waking: ${pct(score.nonCriticalKeptFromWaking)}   ` +
      `accuracy: ${pct(score.accuracy)}`,
    header,
    ...rows,
  ].join('\n');
}
