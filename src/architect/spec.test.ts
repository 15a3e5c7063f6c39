import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { DEFAULT_SPIKE, parseSpec } from './spec.js';

const valid = { type: 'web', usersMonth: 10_000, budgetUsd: 100, region: 'us-east-1' };

function messageFor(input: unknown): string {
  try {
    parseSpec(input);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected parseSpec to throw');
}

describe('parseSpec', () => {
  it('applies defaults: spike, features and a derived peakConcurrent', () => {
    expect(parseSpec(valid)).toEqual({ ...valid, features: [], spike: DEFAULT_SPIKE, peakConcurrent: 100 });
    expect(parseSpec({ ...valid, peakConcurrent: 7 }).peakConcurrent).toBe(7);
  });

  it('names the field that is wrong', () => {
    expect(messageFor({ ...valid, usersMonth: 0 })).toMatch(/usersMonth/);
    expect(messageFor({ ...valid, usersMonth: 1.5 })).toMatch(/usersMonth/);
    expect(messageFor({ ...valid, budgetUsd: -1 })).toMatch(/budgetUsd/);
    expect(messageFor({ ...valid, region: 'sa-east-1' })).toMatch(/region/);
    expect(messageFor({ ...valid, type: 'desktop' })).toMatch(/type/);
    expect(messageFor({ ...valid, features: ['db', 'blockchain'] })).toMatch(/features/);
    expect(messageFor({ ...valid, features: ['gpu'] })).toMatch(/features: gpu/);
    expect(messageFor({ ...valid, spike: 0.5 })).toMatch(/spike/);
    expect(messageFor({ ...valid, colour: 'red' })).toMatch(/colour/);
  });
});
