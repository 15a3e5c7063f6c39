import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { describeIssues } from '../core/config.js';
import { configSchema } from './config-schema.js';
import { BugError, UserError } from '../core/errors.js';
import { readTemplate } from './templates.js';

/** The answers `soloops init` asks for (or takes as defaults with --yes). */
export interface InitAnswers {
  timezone: string;
  snapOut?: string | undefined;
  uploadUrl?: string | undefined;
}

/** The defaults offered to the person: their system time zone, no output folder, no upload. */
export function defaultAnswers(): InitAnswers {
  return { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' };
}

/**
 * Renders the commented template with the answers filled in. The yaml Document API keeps
 * the template's comments, and the result is validated by the same schema that loads it.
 */
export function renderStarterConfig(answers: InitAnswers): string {
  const doc = parseDocument(readTemplate('soloops.yaml'));
  doc.setIn(['timezone'], answers.timezone);
  if (answers.snapOut) doc.setIn(['snap', 'out'], answers.snapOut);
  if (answers.uploadUrl) doc.setIn(['snap', 'upload'], doc.createNode({ url: answers.uploadUrl }));
  const text = doc.toString();
  const check = configSchema.safeParse(doc.toJS());
  if (!check.success) {
    const problems = describeIssues(check.error);
    // A bad answer is the person's to fix; a bad template is ours.
    if (problems.some((p) => /^(timezone|snap\.(out|upload))/.test(p))) {
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
    fs.mkdirSync(path.dirname(target), { recursive: true });
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
