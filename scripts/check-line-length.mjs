#!/usr/bin/env node
// Lines of code stay within 120 columns. Biome's formatter wraps code at that width but leaves
// long strings and comments alone, and it has no rule that reports them; this check does.
// Usage: node scripts/check-line-length.mjs  (exit 1 and file:line for each long line)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX_COLUMNS = 120;
const CHECKED = /^(src|test|bench|scripts|bin)\/.*\.(ts|tsx|mjs|cjs|js)$|^[^/]+\.(ts|cjs|mjs)$/;

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  // Golden files are architect's output as a user gets it, not code of ours.
  .filter((file) => CHECKED.test(file) && !file.startsWith('test/golden/'));

let long = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed by git but deleted in the work tree
  }
  text.split('\n').forEach((line, index) => {
    // Columns as a reader counts them: code points, not UTF-16 units.
    const columns = [...line].length;
    if (columns > MAX_COLUMNS) {
      long += 1;
      console.error(`${file}:${index + 1}: ${columns} columns (max ${MAX_COLUMNS})`);
    }
  });
}
if (long > 0) {
  console.error(`${long} line${long === 1 ? '' : 's'} longer than ${MAX_COLUMNS} columns: split the string or comment`);
  process.exit(1);
}
console.log(`line length: ${files.length} files, every line within ${MAX_COLUMNS} columns`);
