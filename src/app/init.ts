import fs from 'node:fs';
import path from 'node:path';
import { Document, parse } from 'yaml';
import { describeIssues } from '../core/config.js';
import { configSchema } from './config-schema.js';
import { BugError, UserError } from '../core/errors.js';
import { fillExample, setLine } from './init-fill.js';
import { fallbacksOf, type WakeAnswers } from './init-wake.js';
import { readTemplate } from './templates.js';
import { makeDirSync } from '../core/make-dir.js';

/** The answers `soloops init` asks for (or takes as defaults with --yes). */
export interface InitAnswers {
  timezone: string;
  snapOut?: string | undefined;
  uploadUrl?: string | undefined;
  /** How to wake the person: the `wake:` sections to write. */
  wake?: WakeAnswers | undefined;
}

/** The defaults offered to the person: their system time zone, no output folder, no upload, no wake channel. */
export function defaultAnswers(): InitAnswers {
  return { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' };
}

/** A value as one line of YAML, quoted when YAML would read it as something else. */
function scalar(value: string): string {
  return new Document(value).toString().trimEnd();
}

/** The keys answers fill: a problem there is the person's to fix, anywhere else the template's. */
const ANSWERED = /^(timezone|snap\.(out|upload)|wake\.(fallbacks|ntfy|twilio|email|slack))/;

/**
 * Renders the commented template with the answers filled in: each answer replaces its commented
 * example (init-fill.ts), so every example left stays one uncommenting away from working. The
 * result is validated by the same schema that loads it.
 */
export function renderStarterConfig(answers: InitAnswers): string {
  const lines = readTemplate('soloops.yaml').replace(/\n*$/, '').split('\n');
  setLine(lines, null, 'timezone', scalar(answers.timezone));
  if (answers.snapOut) fillExample(lines, 'snap', 'out', answers.snapOut);
  if (answers.uploadUrl) fillExample(lines, 'snap', 'upload', { url: answers.uploadUrl });
  const wake = answers.wake ?? {};
  for (const section of ['twilio', 'email', 'slack', 'ntfy'] as const) {
    if (wake[section]) fillExample(lines, 'wake', section, wake[section]);
  }
  const fallbacks = fallbacksOf(wake);
  if (fallbacks.length) setLine(lines, 'wake', 'fallbacks', `[${fallbacks.join(', ')}]`);
  const text = `${lines.join('\n')}\n`;
  const check = configSchema.safeParse(parse(text));
  if (!check.success) {
    const problems = describeIssues(check.error);
    if (problems.some((p) => ANSWERED.test(p))) {
      throw new UserError(`invalid answer: ${problems.join('; ')}`, 'run `soloops init` again with a valid value');
    }
    throw new BugError(`the shipped config template is invalid: ${problems.join('; ')}`);
  }
  return text;
}

/**
 * Writes the starter config; refuses to overwrite unless `force`. Returns the absolute path.
 * `file` names the file itself: a directory (or a path ending in a separator) is refused with
 * the file path to pass instead, and a folder that cannot be created or written is a UserError.
 */
export function writeStarterConfig(file: string, text: string, force: boolean): string {
  const target = path.resolve(file);
  const directory = isDirectory(target)
    ? `${target} is a directory`
    : /[\\/]$/.test(file)
      ? `${file} names a directory`
      : null;
  if (directory) {
    throw new UserError(
      `${directory}; --path names the config file to write`,
      `pass a file path, e.g. --path ${path.join(file, 'soloops.yaml')}`,
    );
  }
  if (fs.existsSync(target) && !force) {
    throw new UserError(`${target} already exists`, 'pass --force to overwrite it');
  }
  try {
    makeDirSync(path.dirname(target));
    fs.writeFileSync(target, text, { mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    // A parent that is a file, a folder without write permission, a read-only file system.
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      throw new UserError(`cannot write ${target}: a part of its path is a file, not a folder`, 'pass another --path');
    }
    if (!['EACCES', 'EPERM', 'EROFS', 'EISDIR'].includes(code)) throw error;
    throw new UserError(
      `cannot write ${target}: ${(error as Error).message}`,
      'pass another --path, or fix the permissions of its folder',
    );
  }
  return target;
}

function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}
