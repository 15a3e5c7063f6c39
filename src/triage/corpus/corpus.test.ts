import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractedFiles, lineProblem, readExtracted } from './read.js';

const folder = path.dirname(fileURLToPath(import.meta.url));
const files = extractedFiles(folder);

describe('the committed corpus of other ecosystems', () => {
  it('has files, and every line has the fields and a known label', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const lines = fs.readFileSync(path.join(folder, file), 'utf8').split('\n').filter(Boolean);
      expect(lines.length, file).toBeGreaterThan(0);
      for (const [i, text] of lines.entries()) {
        expect({ at: `${file}:${i + 1}`, problem: lineProblem(JSON.parse(text)) }).toEqual({
          at: `${file}:${i + 1}`,
          problem: null,
        });
      }
    }
  });

  it('says what is wrong with a bad line', () => {
    expect(lineProblem({ title: 'x', description: '', ecosystem: 'e', source: 's', path: 'p', label: 'high' })).toBe(
      'label high is not critical/warning/info',
    );
    expect(lineProblem({ title: 'x', label: 'info' })).toBe('description is not a string');
    expect(lineProblem([])).toBe('not a JSON object');
  });

  it('keeps a Sigma rule’s author and id, as its licence (DRL 1.1) asks', () => {
    const sigma = fs.readFileSync(path.join(folder, 'sigma.ndjson'), 'utf8').split('\n').filter(Boolean);
    for (const text of sigma) {
      const line = JSON.parse(text) as { author?: unknown; id?: unknown };
      expect(typeof line.author === 'string' && typeof line.id === 'string').toBe(true);
    }
  });

  it('is listed file by file in SOURCES.md with a pinned commit and a licence', () => {
    const sources = fs.readFileSync(path.join(folder, 'SOURCES.md'), 'utf8');
    for (const file of files) {
      const row = sources.split('\n').find((line) => line.startsWith(`| \`${file}\``));
      expect(row, `${file} has no row in SOURCES.md`).toBeDefined();
      const cells = row!.split('|').map((c) => c.trim());
      expect(cells[2], `${file}: commit`).toMatch(/@ [0-9a-f]{40}\b/);
      expect(cells[3], `${file}: licence`).toMatch(/Apache-2\.0|MIT|BSD|CC0|CC BY|DRL-1\.1/);
    }
  });

  it('reads as corpus rules with the ecosystem and source of each line', () => {
    const rules = readExtracted(folder);
    expect(new Set(rules.map((r) => r.ecosystem))).toEqual(
      new Set(['prometheus-projects', 'prometheus-sapcc', 'sigma', 'falco']),
    );
    expect(rules.every((r) => r.source && r.name)).toBe(true);
  });
});
