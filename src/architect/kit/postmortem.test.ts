import { describe, expect, it } from 'vitest';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { PRICES } from '../prices.js';
import { renderKit } from './index.js';
import { PLACEHOLDER_PATTERN, POSTMORTEM_PLACEHOLDERS, postmortemTemplate } from './postmortem.js';

describe.each(Object.entries(archetypes))('the %s POSTMORTEM.md', (_key, spec) => {
  const kit = renderKit(runChain(spec, PRICES), PRICES);

  it('is the template `soloops incident postmortem` fills, with only placeholders the filler knows', () => {
    const text = kit.files['POSTMORTEM.md']!;
    expect(text).toBe(postmortemTemplate());
    const used = new Set([...text.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1]!));
    for (const name of used) expect(POSTMORTEM_PLACEHOLDERS, name).toContain(name);
    for (const section of ['Summary', 'Impact', 'Timeline', 'Root cause', 'What went well', 'Action items'])
      expect(text).toContain(`## ${section}\n`);
    expect(kit.listing.find((f) => f.path === 'POSTMORTEM.md')?.purpose).toContain('incident postmortem');
  });
});

it('finds placeholders with or without spaces, and not the {{…}} of prose', () => {
  const names = [...'{{id}} {{ title }} {{…}} {{sla_effect}}'.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1]);
  expect(names).toEqual(['id', 'title', 'sla_effect']);
});
