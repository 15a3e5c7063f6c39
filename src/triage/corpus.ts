import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { severities, type NormalizedAlert, type Severity } from '../core/alert.js';

/**
 * The training corpus: samber/awesome-prometheus-alerts `_data/rules.yml` at this commit
 * (CC BY 4.0). It is read in place from ../shared/corpus and never copied into the repository:
 * the shipped model holds only counts derived from it.
 */
export const CORPUS_FILE = 'alert-rules/awesome-prometheus-alerts.rules.yml';
export const CORPUS_COMMIT = 'a8533189af0246de5e21a6d8d25bd37816894f07';
export const CORPUS_SOURCE = 'https://github.com/samber/awesome-prometheus-alerts';
export const CORPUS_LICENCE = 'CC BY 4.0';

/** One rule as its author wrote it, with the author's severity as the label. */
export interface CorpusRule {
  name: string;
  description: string;
  severity: Severity;
  /** The `services[].name` it belongs to ("MySQL", "Host and hardware"…); empty elsewhere. */
  service: string;
  /** The family of tools and authors it comes from: the unit left out in leave-one-ecosystem-out. */
  ecosystem: string;
  /** The source's id (SOURCES.md): `awesome-prometheus-alerts`, `sigma`, `sapcc`… */
  source: string;
}

/** The shared awesome-prometheus-alerts rules' ecosystem and source id. */
export const AWESOME_ECOSYSTEM = 'prometheus-awesome';
export const AWESOME_SOURCE = 'awesome-prometheus-alerts';

/** A corpus rule shaped as the alert soloops would receive, with its label. */
export interface CorpusExample {
  rule: CorpusRule;
  alert: NormalizedAlert;
  severity: Severity;
}

interface RulesFile {
  groups?: Array<{
    services?: Array<{ name?: string; exporters?: Array<{ rules?: Array<Record<string, unknown>> }> }>;
  }>;
}

/** Reads every rule of the rules YAML; rules without a known severity are skipped. */
export function readCorpus(corpusDir: string): CorpusRule[] {
  const parsed = YAML.parse(fs.readFileSync(path.join(corpusDir, CORPUS_FILE), 'utf8')) as RulesFile;
  const rules: CorpusRule[] = [];
  for (const group of parsed.groups ?? []) {
    for (const service of group.services ?? []) {
      for (const exporter of service.exporters ?? []) {
        for (const rule of exporter.rules ?? []) {
          const severity = rule.severity as Severity;
          if (typeof rule.name !== 'string' || !severities.includes(severity)) continue;
          const description = typeof rule.description === 'string' ? rule.description : '';
          rules.push({
            name: rule.name,
            description,
            severity,
            service: service.name ?? '',
            ecosystem: AWESOME_ECOSYSTEM,
            source: AWESOME_SOURCE,
          });
        }
      }
    }
  }
  return rules;
}

// `{{ $labels.instance }}`, `{{ $value | humanize }}`: filled in at firing time with hosts and
// numbers the features drop anyway, so the template syntax is removed rather than learned
// (TiDB's rules write the placeholder ENV_LABELS_ENV instead).
const TEMPLATE = /\{\{.*?\}\}|ENV_LABELS_ENV/g;

/**
 * The alert Alertmanager would deliver when this rule fires: title = the rule name (what the
 * `summary` annotation or `alertname` carries), body = the description, status firing.
 * Deliberately no severity hint and no `severity` label: a real alert from these rules carries
 * the author's label, so giving it here would teach "label critical → critical" from the answer
 * itself. What a sender's label is worth is set by the documented priors in seeds.ts instead.
 * The PromQL query is left out too: real alerts do not carry it, so its metric names would be
 * vocabulary the model never sees at work. The service is left empty: the corpus's service names
 * ("Host and hardware") are not what real alerts put there. Rules of every ecosystem (Sigma
 * detections, Falco rules too) take this same shape, so the source and its vocabulary of levels
 * never tell the model the answer.
 */
export function corpusExample(rule: CorpusRule): CorpusExample {
  const alert: NormalizedAlert = {
    id: `corpus:${rule.name}`,
    source: 'alertmanager',
    service: '',
    title: rule.name,
    body: rule.description.replace(TEMPLATE, ' '),
    labels: { alertname: rule.name.replace(/\s+/g, '') },
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: `corpus:${rule.name}`,
    receivedAt: '1970-01-01T00:00:00.000Z',
    raw: null,
  };
  return { rule, alert, severity: rule.severity };
}

/** FNV-1a (32-bit) of the UTF-16 code units: stable across Node versions and platforms. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The fixed, documented split for the quality benchmark: a rule is in the test part when the
 * FNV-1a hash of its name is 0 mod 5 (≈ 20 %), else in the train part. Hashing the name (not the
 * position) keeps the split stable when the corpus gains or reorders rules.
 */
export function splitOf(rule: Pick<CorpusRule, 'name'>): 'train' | 'test' {
  return stableHash(rule.name) % 5 === 0 ? 'test' : 'train';
}

/** The corpus as examples, cut by `splitOf`. */
export function splitCorpus(rules: CorpusRule[]): { train: CorpusExample[]; test: CorpusExample[] } {
  const train: CorpusExample[] = [];
  const test: CorpusExample[] = [];
  for (const rule of rules) (splitOf(rule) === 'test' ? test : train).push(corpusExample(rule));
  return { train, test };
}

/**
 * Where the corpus is in this workspace: `../shared/corpus` beside the repository, or
 * `SOLOOPS_CORPUS_DIR`. Returns null when absent (a fresh clone elsewhere).
 */
export function findCorpusDir(repoRoot: string): string | null {
  const candidates = [process.env.SOLOOPS_CORPUS_DIR, path.resolve(repoRoot, '../shared/corpus')];
  for (const dir of candidates) if (dir && fs.existsSync(path.join(dir, CORPUS_FILE))) return dir;
  return null;
}
