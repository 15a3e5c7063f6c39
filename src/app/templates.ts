import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BugError } from '../core/errors.js';

/**
 * The shipped templates/ folder. Found by walking up from this module, because tsup may place
 * the chunk holding this code at any depth under dist/ (and tests run it from src/).
 */
export function templatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'templates');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new BugError('the templates/ folder is missing from the soloops package');
    dir = parent;
  }
}

/** Reads one template file as text. */
export function readTemplate(name: string): string {
  return fs.readFileSync(path.join(templatesDir(), name), 'utf8');
}
