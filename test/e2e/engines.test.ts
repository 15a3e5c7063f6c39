import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// Issue 17: the Node versions package.json declares are the ones CI runs (the machine's 20, and 22
// and 24 from the npm registry), and no installed package refuses any of them: a fresh `npm ci`
// prints no EBADENGINE. Checked at each declared major's lowest version, where a package is most
// likely to disagree. Optional platform binaries are left out: npm skips one that does not fit.
const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const declared: string = manifest.engines.node;

/** The lowest version of each major the range allows: "^20.19.0 || >=24" → 20.19.0, 24.0.0. */
const lowestPerMajor = (range: string) =>
  new semver.Range(range).set.map((comparators) => semver.minVersion(comparators.map(String).join(' '))!.version);

describe('Node versions', () => {
  it('declares the majors CI tests (20, 22, 24)', () => {
    for (const version of ['20.20.0', '22.20.0', '24.12.0']) expect(semver.satisfies(version, declared)).toBe(true);
    expect(semver.satisfies('18.20.0', declared)).toBe(false);
  });

  it.each(lowestPerMajor(declared))('every locked package accepts Node %s', (version) => {
    const refusing = Object.entries(
      lock.packages as Record<string, { engines?: { node?: string }; optional?: boolean }>,
    )
      .filter(([name, info]) => name && !info.optional && info.engines?.node)
      .filter(([, info]) => !semver.satisfies(version, info.engines!.node!))
      .map(([name, info]) => `${name} wants ${info.engines!.node}`);
    expect(refusing).toEqual([]);
  });
});
