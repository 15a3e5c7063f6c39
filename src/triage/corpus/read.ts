import fs from 'node:fs';
import path from 'node:path';
import { severities, type Severity } from '../../core/alert.js';
import { type CorpusRule, readCorpus } from '../corpus.js';

/**
 * The labelled alert definitions extracted from other ecosystems and authors (Sigma, Falco,
 * projects' own Prometheus rules…), committed as NDJSON beside this file; SOURCES.md lists each
 * file's repository, pinned commit, licence and how its levels map onto ours, and extract.mjs
 * rebuilds them from those commits.
 */
export const EXTRACTED_DIR = 'src/triage/corpus';

/** One NDJSON line: the minimal fields kept from the source, with its attribution. */
export interface ExtractedLine {
  title: string;
  description: string;
  label: Severity;
  ecosystem: string;
  source: string;
  /** The file inside the source repository. */
  path: string;
}

/** The line's problem, or null when it has every field and a known label. */
export function lineProblem(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const line = value as Record<string, unknown>;
  for (const field of ['title', 'description', 'ecosystem', 'source', 'path']) {
    if (typeof line[field] !== 'string') return `${field} is not a string`;
  }
  if (!(line.title as string).trim()) return 'title is empty';
  if (!severities.includes(line.label as Severity)) return `label ${String(line.label)} is not critical/warning/info`;
  return null;
}

/** The NDJSON files of the folder, sorted by name (the training order must not depend on the disk). */
export function extractedFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort();
}

/** Every line of every NDJSON file as a corpus rule; a malformed line throws, naming file and line. */
export function readExtracted(dir: string): CorpusRule[] {
  const rules: CorpusRule[] = [];
  for (const file of extractedFiles(dir)) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    for (const [i, text] of lines.entries()) {
      if (!text.trim()) continue;
      const value = JSON.parse(text) as ExtractedLine;
      const problem = lineProblem(value);
      if (problem) throw new Error(`${file}:${i + 1}: ${problem}`);
      rules.push({
        name: value.title,
        description: value.description,
        severity: value.label,
        service: '',
        ecosystem: value.ecosystem,
        source: value.source,
      });
    }
  }
  return rules;
}

/** The whole training corpus: the shared awesome-prometheus-alerts rules, then the extracted ones. */
export function readAllCorpora(repoRoot: string, sharedCorpusDir: string): CorpusRule[] {
  return [...readCorpus(sharedCorpusDir), ...readExtracted(path.join(repoRoot, EXTRACTED_DIR))];
}
