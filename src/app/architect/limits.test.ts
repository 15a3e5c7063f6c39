import { describe, expect, it } from 'vitest';
import { planArchitecture } from './architect.js';
import { archetypes } from '../../architect/archetypes.js';
import { parseSpec, SPEC_LIMITS, type ServiceSpecInput } from '../../architect/spec.js';

// Numbers a generated file must never hold: JavaScript's non-finite values, or exponent notation
// (1e+21), which people misread and AWS refuses. A whole token only, so hex ids (7e88639e) pass.
const UNPRINTABLE = /Infinity|NaN|(?<![\w.-])\d+(?:\.\d+)?[eE][+-]?\d+(?![\w.])/;

const max = SPEC_LIMITS;
// Each archetype pushed to the edges: every bound alone, all maxima at once, and the lopsided spec
// (one monthly user, the largest crowd) whose SCALING.md phases multiply the crowd by a million.
const extremes: Array<Partial<ServiceSpecInput>> = [
  { usersMonth: max.usersMonth.max },
  { spike: max.spike.max },
  { budgetUsd: max.budgetUsd.max },
  { budgetUsd: max.budgetUsd.min },
  {
    usersMonth: max.usersMonth.max,
    peakConcurrent: max.peakConcurrent.max,
    spike: max.spike.max,
    budgetUsd: max.budgetUsd.max,
  },
  { usersMonth: max.usersMonth.min, peakConcurrent: max.peakConcurrent.max, spike: max.spike.max },
  {
    usersMonth: max.usersMonth.min,
    peakConcurrent: max.peakConcurrent.min,
    spike: max.spike.min,
    budgetUsd: max.budgetUsd.min,
  },
];

describe('architect at the bounds of the spec', () => {
  for (const [name, archetype] of Object.entries(archetypes)) {
    it(`renders ${name} at every bound with finite, plainly written numbers`, async () => {
      for (const extreme of extremes) {
        const { files } = await planArchitecture({ ...archetype, ...extreme });
        for (const [file, text] of Object.entries(files)) {
          const bad = text.split('\n').find((line) => UNPRINTABLE.test(line));
          expect(bad, `${name} ${JSON.stringify(extreme)} ${file}`).toBeUndefined();
        }
      }
    });
  }

  it('refuses a number past its bound, naming the field and the allowed range', () => {
    const base = archetypes.webWithDb!;
    expect(() => parseSpec({ ...base, spike: 1e300 })).toThrow('spike: must be from 1 to 1,000 (got 1e+300)');
    expect(() => parseSpec({ ...base, usersMonth: max.usersMonth.max + 1 })).toThrow(
      /usersMonth: must be a whole number from 1 to 1,000,000,000/,
    );
    expect(() => parseSpec({ ...base, peakConcurrent: 1e300 })).toThrow(
      /peakConcurrent: must be a whole number from 1 to 1,000,000,000/,
    );
    expect(() => parseSpec({ ...base, budgetUsd: 1e300 })).toThrow(/budgetUsd: must be from 0.01 to 10,000,000/);
    expect(() => parseSpec({ ...base, budgetUsd: 0.001 })).toThrow(/budgetUsd: must be from 0.01/);
  });
});
