import type { Severity, TriageResult } from '../../core/alert.js';
import { classifyLocally } from '../../triage/classify.js';
import { scoreVerdicts, type Score } from '../../triage/score.js';
import type { AppContext } from '../context.js';
import { readLabelledFile } from './labelled.js';
import { readLocalTriage } from './local.js';

type Classifier = TriageResult['classifier'];

/** The score, the same figures for the alerts each layer decided, and the lines that could not be used. */
export interface EvalReport extends Score {
  /** Layers in the order they run, only those that decided at least one alert. */
  byClassifier: Partial<Record<Classifier, Score>>;
  skipped: Array<{ line: number; reason: string }>;
}

/** The offline layers in the order classifyLocally runs them (the LLM is left out of eval). */
const LAYERS: readonly Classifier[] = ['status', 'rule', 'feedback', 'source', 'model'];

/**
 * Scores the offline classifier (the person's rules, corrections and severity map, the sender's
 * severity and the active model; the LLM is left out so the figure is reproducible) on labelled
 * NDJSON: `{"expected": "...", "alert": payload|text}`. A payload holding several alerts (an
 * Alertmanager group) counts each against the same label. The same figures per deciding layer
 * show what each contributes.
 */
export async function evaluateFile(app: AppContext, file: string): Promise<EvalReport> {
  const local = await readLocalTriage(app);
  const pairs: Array<{ expected: Severity; predicted: Severity; classifier: Classifier }> = [];
  const skipped: EvalReport['skipped'] = [];
  const lines = readLabelledFile(file, 'pass a labelled NDJSON file', (line, reason) => skipped.push({ line, reason }));
  for await (const { expected, alerts } of lines) {
    for (const a of alerts) {
      const { severity, classifier } = classifyLocally(a, local);
      pairs.push({ expected, predicted: severity, classifier });
    }
  }
  const byClassifier: EvalReport['byClassifier'] = {};
  for (const layer of LAYERS) {
    const decided = pairs.filter((pair) => pair.classifier === layer);
    if (decided.length > 0) byClassifier[layer] = scoreVerdicts(decided);
  }
  return { ...scoreVerdicts(pairs), byClassifier, skipped };
}
