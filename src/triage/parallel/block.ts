import type { SourceName, TriageResult } from '../../core/alert.js';
import type { TriageRuleConfig } from '../../core/config.js';
import type { SeverityOverrides } from '../../core/severity-vocabulary.js';
import { Corrections, type Correction } from '../corrections.js';
import { messageOf } from '../../core/errors.js';
import { compileRules } from '../rules.js';
import { SeverityModel } from '../model.js';
import { loadShippedModel } from '../shipped.js';
import { classifyPayload, type LocalTriage } from '../classify-payload.js';
import { PayloadReader } from '../../sources/input/payload-reader.js';
import { triageJsonLine } from '../output.js';
import { Utf8Lines } from './utf8-lines.js';

/** Whole lines of input cut out of a longer stream, numbered from `linesBefore + 1`. */
export interface Block {
  seq: number;
  text: string;
  linesBefore: number;
}

/** A block's results as `--json` lines, its counts and its rejected lines. */
export interface BlockResult {
  seq: number;
  /** The block ends inside a multi-line JSON document: it must be read in sequence instead. */
  continuesDocument: boolean;
  /** The `--json` lines in UTF-8, each ending in a newline. */
  json: Uint8Array;
  bySeverity: Record<TriageResult['severity'], number>;
  rejected: Array<[line: number, reason: string]>;
}

/** What a worker answers for a block it could not classify: the main thread reads it instead. */
export interface BlockFailure {
  seq: number;
  failed: string;
}

/** What a worker needs to classify as the run does: plain data, sent once. */
export interface BlockSettings {
  rules: TriageRuleConfig[];
  /** The person's corrections, oldest first (Corrections.list). */
  corrections: readonly Correction[];
  /** `triage.severity_map`. */
  severityMap: SeverityOverrides;
  /** A retrained model's JSON from the store; null for the shipped model. */
  model: unknown;
  source?: SourceName | undefined;
  timeZone?: string | undefined;
  explain: boolean;
}

/** The plain data a worker needs to rebuild the run's offline layers (see localTriageOf). */
export function blockSettingsOf(local: LocalTriage, rules: TriageRuleConfig[], explain: boolean): BlockSettings {
  return {
    rules,
    corrections: local.corrections.list,
    severityMap: local.severityMap,
    model: local.model === loadShippedModel() ? null : local.model.toJSON(),
    source: local.source,
    timeZone: local.timeZone,
    explain,
  };
}

/** The offline layers a worker builds from its settings. */
export function localTriageOf(settings: BlockSettings): LocalTriage {
  const model = settings.model ? SeverityModel.fromJSON(settings.model) : loadShippedModel();
  return {
    rules: compileRules(settings.rules),
    corrections: new Corrections(settings.corrections),
    severityMap: settings.severityMap,
    model,
    source: settings.source,
    timeZone: settings.timeZone,
  };
}

const EMPTY = new Uint8Array(0);

/** Classifies one block the way the sequential run would, serialized for `--json`. */
export function triageBlock(block: Block, local: LocalTriage, explain: boolean): BlockResult {
  const result: BlockResult = {
    seq: block.seq,
    continuesDocument: false,
    json: EMPTY,
    bySeverity: { critical: 0, warning: 0, info: 0 },
    rejected: [],
  };
  const reader = new PayloadReader(block.linesBefore);
  const items = reader.push(block.text);
  if (reader.inDocument) return { ...result, continuesDocument: true };
  items.push(...reader.end());
  // Output runs about three times the size of small alerts; the buffer grows past that if needed.
  const lines = new Utf8Lines(3 * block.text.length);
  for (const item of items) {
    if ('error' in item) {
      result.rejected.push([item.line, item.error]);
      continue;
    }
    // As on the main thread: an exception rejects this line only, and the results written
    // before it are kept and counted.
    try {
      for (const triaged of classifyPayload(item.payload, local)) {
        lines.add(triageJsonLine(triaged, explain));
        result.bySeverity[triaged.severity]++;
      }
    } catch (error) {
      result.rejected.push([item.line, messageOf(error)]);
    }
  }
  result.json = lines.bytes();
  return result;
}

/**
 * Cuts a text stream into blocks of whole lines (a block ends at its last `\n`), counting lines
 * as PayloadReader does (`\r\n`, a lone `\r` and `\n` each end one). A line longer than one
 * chunk is kept as a list of its chunks and only each new chunk is searched for a newline:
 * joining and rescanning the carried text on every chunk made one 50 MB line take minutes.
 */
export class BlockSplitter {
  private carry: string[];
  private lines: number;
  private seq = 0;

  constructor(start: { rest: string; linesBefore: number }) {
    this.carry = start.rest === '' ? [] : [start.rest];
    this.lines = start.linesBefore;
  }

  /** The block this text completes, if any. */
  push(text: string): Block | null {
    const cut = text.lastIndexOf('\n') + 1;
    if (cut === 0) {
      if (text !== '') this.carry.push(text);
      return null;
    }
    this.carry.push(text.slice(0, cut));
    const whole = this.carry.join('');
    this.carry = cut === text.length ? [] : [text.slice(cut)];
    return this.block(whole);
  }

  /** What is left at the end of input (a last line without a newline). */
  end(): Block | null {
    const rest = this.carry.join('');
    this.carry = [];
    return rest === '' ? null : this.block(rest);
  }

  private block(text: string): Block {
    const block = { seq: this.seq++, text, linesBefore: this.lines };
    this.lines += countLines(text);
    return block;
  }
}

function countLines(text: string): number {
  if (text.includes('\r')) return text.match(/\r\n|\r|\n/g)?.length ?? 0;
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
