import { describe, expect, it } from 'vitest';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { PRICES } from '../prices.js';
import { renderTerraform } from '../terraform/index.js';
import { KIT_FILES, renderKit } from './index.js';

describe.each(Object.entries(archetypes))('the %s kit', (_name, spec) => {
  const result = runChain(spec, PRICES);
  const kit = renderKit(result, PRICES);
  const written = [...Object.keys(renderTerraform(result)), ...Object.keys(kit.files)].sort();

  it('lists every file it writes, once, with a purpose, in the README and nothing else', () => {
    expect(kit.listing.map((f) => f.path).sort()).toEqual(written);
    for (const file of kit.listing) expect(file.purpose.length).toBeGreaterThan(10);
    const readme = kit.files['README.md']!;
    const listed = [...readme.matchAll(/^- `([^`]+)` — /gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(written);
  });
});

it('registers each kit path once, relative and /-separated', () => {
  const paths = KIT_FILES.map((f) => f.path);
  expect(new Set(paths).size).toBe(paths.length);
  for (const p of paths) expect(p).toMatch(/^[\w.][\w.\-/]*$/);
});

it('tells how to keep or drop the backups before destroy only when the design has a backup vault', () => {
  const withDb = renderKit(runChain(archetypes.webWithDb!, PRICES), PRICES).files['README.md']!;
  const site = renderKit(runChain(archetypes.static!, PRICES), PRICES).files['README.md']!;
  expect(withDb).toContain('terraform state rm aws_backup_vault.main aws_kms_key.backup');
  expect(site).not.toContain('aws_backup_vault');
});
