import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

// The layering of DESIGN.md is checked by dependency-cruiser with the repository's own config
// (.dependency-cruiser.cjs, also run by `npm run lint` in CI). These tests prove the check holds
// for the code as it is, and that it fails when a layer imports upward.
const depcruise = path.join(repoRoot, 'node_modules', '.bin', 'depcruise');
const config = path.join(repoRoot, '.dependency-cruiser.cjs');

function cruise(cwd: string) {
  return execa(depcruise, ['src', '--config', config, '--output-type', 'err'], { cwd, reject: false, all: true });
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-layering-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A throwaway tree of `files` (path → source) with a tsconfig like the repository's. */
function tree(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  fs.copyFileSync(path.join(repoRoot, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  return root;
}

describe('the layering check', () => {
  it('passes on the repository', async () => {
    const result = await cruise(repoRoot);
    expect(result.all).not.toMatch(/error /);
    expect(result.exitCode).toBe(0);
  });

  it.each([
    [
      'core-imports-nothing-of-ours',
      'src/core/clock.ts',
      "import { run } from '../app/run.js';\nexport const x = run;\n",
    ],
    [
      'domains-never-import-app-or-cli',
      'src/watch/x.ts',
      "import { run } from '../app/run.js';\nexport const x = run;\n",
    ],
    [
      'cli-imports-only-app-core-and-its-own',
      'src/cli/x.ts',
      "import { parse } from '../sources/parse.js';\nexport const x = parse;\n",
    ],
  ])('fails with %s when %s imports upward or across', async (rule, file, text) => {
    const root = tree(rule, {
      'src/app/run.ts': 'export const run = 1;\n',
      'src/sources/parse.ts': 'export const parse = 1;\n',
      [file]: text,
    });
    const result = await cruise(root);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain(rule);
  });

  it('fails on an import cycle', async () => {
    const root = tree('cycle', {
      'src/watch/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/watch/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    const result = await cruise(root);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain('no-cycles');
  });
});
