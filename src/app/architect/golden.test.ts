import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { archetypes } from '../../architect/archetypes.js';
import { PRICES } from '../../architect/prices.js';
import { planArchitecture } from './architect.js';

// Golden files: every file `architect` writes for each archetype, as committed under test/golden/architect/.
// A change to any generated file shows up here as a diff to review; after reviewing it, refresh them with
// `npx vitest run src/app/architect/golden.test.ts -u`. With CI set, a missing golden file fails instead
// of being written, so the folder cannot silently go stale.
const goldenRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/golden/architect');

describe.each(Object.entries(archetypes))('architect golden files: %s', (name, spec) => {
  it('writes exactly the committed files, byte for byte', async () => {
    const plan = await planArchitecture(spec, { prices: PRICES });
    const names = Object.keys(plan.files).sort();
    await expect(`${names.join('\n')}\n`).toMatchFileSnapshot(path.join(goldenRoot, name, 'FILES.txt'));
    for (const file of names) {
      await expect(plan.files[file]).toMatchFileSnapshot(path.join(goldenRoot, name, file));
    }
  });
});
