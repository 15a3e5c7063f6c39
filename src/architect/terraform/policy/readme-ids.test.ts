import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The project README promises a list of the covered checkov IDs; it must be the rules file's list.
const here = path.dirname(fileURLToPath(import.meta.url));
const read = (file: string) => readFileSync(path.resolve(here, file), 'utf8');

it('lists in the README exactly the checkov IDs the rules file covers', () => {
  const rules = JSON.parse(read('checkov-rules.json')) as Array<{ id: string }>;
  const numbers = (prefix: string) =>
    rules
      .filter((r) => r.id.startsWith(prefix))
      .map((r) => Number(r.id.slice(prefix.length)))
      .sort((a, b) => a - b);
  const readme = read('../../../../README.md').replace(/\s+/g, ' ');
  const listed = /Covered IDs: CKV_AWS_([\d, ]+) and CKV2_AWS_([\d, ]+) \(/.exec(readme);
  expect(listed, 'README: "Covered IDs: CKV_AWS_… and CKV2_AWS_… ("').not.toBeNull();
  const parse = (list: string) => list.split(',').map((n) => Number(n.trim()));
  expect(parse(listed![1]!)).toEqual(numbers('CKV_AWS_'));
  expect(parse(listed![2]!)).toEqual(numbers('CKV2_AWS_'));
});
