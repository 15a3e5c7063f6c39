import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDirSync } from './make-dir.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-make-dir-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('makeDirSync', () => {
  it('creates missing parents and accepts an existing folder', () => {
    const target = path.join(dir, 'a', 'b', 'c');
    makeDirSync(target, 0o700);
    makeDirSync(target);
    expect(fs.statSync(target).isDirectory()).toBe(true);
  });

  it('throws instead of spinning below a dangling symlink, a file, or /proc', () => {
    fs.symlinkSync(path.join(dir, 'gone'), path.join(dir, 'dangling'));
    expect(() => makeDirSync(path.join(dir, 'dangling', 'x'))).toThrow(/EEXIST/);
    fs.writeFileSync(path.join(dir, 'file'), '');
    expect(() => makeDirSync(path.join(dir, 'file', 'x'))).toThrow(/ENOTDIR/);
    if (process.platform === 'linux') expect(() => makeDirSync('/proc/soloops-nope/x')).toThrow(/ENOENT/);
  });
});
