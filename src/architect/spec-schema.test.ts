import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGIONS } from './prices.js';
import {
  DEFAULT_SPIKE,
  FEATURES,
  PATTERNS,
  parseSpec,
  SERVICE_TYPES,
  SPEC_LIMITS,
  type ServiceSpecInput,
} from './spec.js';

interface PropertySchema {
  type: string;
  enum?: string[];
  items?: { enum?: string[] };
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
}
const schema = JSON.parse(
  readFileSync(new URL('../../templates/architect-spec.schema.json', import.meta.url), 'utf8'),
) as {
  required: string[];
  additionalProperties: boolean;
  properties: Record<string, PropertySchema>;
};

// The compiler keeps this in step with spec.ts: a field added to or removed from the spec type
// fails `tsc` here until it is listed, and the tests below then fail until the schema has it.
const FIELDS: Record<keyof ServiceSpecInput, true> = {
  type: true,
  usersMonth: true,
  peakConcurrent: true,
  budgetUsd: true,
  region: true,
  features: true,
  spike: true,
  gpuMachineUsd: true,
  gpuMachineWatts: true,
  powerUsdPerKwh: true,
  design: true,
  lean: true,
};

const full: ServiceSpecInput = {
  type: 'ai',
  usersMonth: 1_000,
  peakConcurrent: 10,
  budgetUsd: 50,
  region: REGIONS[0],
  features: [...FEATURES],
  spike: 2,
};

function accepts(input: unknown): boolean {
  try {
    parseSpec(input);
    return true;
  } catch {
    return false;
  }
}

describe('templates/architect-spec.schema.json', () => {
  it('offers the designs the chain builds, and a boolean lean', () => {
    expect(schema.properties.design?.enum).toEqual([...PATTERNS]);
    expect(schema.properties.lean?.type).toBe('boolean');
    expect(accepts({ ...full, design: 'hybrid-gpu', lean: true })).toBe(true);
    expect(accepts({ ...full, design: 'kubernetes' })).toBe(false);
  });

  it('has exactly the fields of the spec, each described, and no others allowed', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(FIELDS).sort());
    expect(schema.additionalProperties).toBe(false);
    expect(accepts({ ...full, colour: 'red' })).toBe(false);
    for (const [name, property] of Object.entries(schema.properties)) expect(property.description, name).toBeTruthy();
  });

  it('requires what parseSpec requires', () => {
    expect(accepts(full)).toBe(true);
    const required = Object.keys(FIELDS).filter((field) => {
      const { [field as keyof ServiceSpecInput]: _, ...rest } = full;
      return !accepts(rest);
    });
    expect([...schema.required].sort()).toEqual(required.sort());
  });

  it('lists the enums spec.ts exports, and parseSpec takes each value', () => {
    expect(schema.properties.type!.enum).toEqual([...SERVICE_TYPES]);
    expect(schema.properties.region!.enum).toEqual([...REGIONS]);
    expect(schema.properties.features!.items!.enum).toEqual([...FEATURES]);
    for (const type of SERVICE_TYPES) expect(accepts({ ...full, type, features: [] }), type).toBe(true);
    for (const region of REGIONS) expect(accepts({ ...full, region }), region).toBe(true);
    for (const feature of FEATURES) expect(accepts({ ...full, features: [feature] }), feature).toBe(true);
    expect(accepts({ ...full, type: 'desktop' })).toBe(false);
    expect(accepts({ ...full, region: 'sa-east-1' })).toBe(false);
    expect(accepts({ ...full, features: ['blockchain'] })).toBe(false);
  });

  it('matches the types, bounds and defaults parseSpec applies', () => {
    const p = schema.properties;
    expect(p.usersMonth).toMatchObject({ type: 'integer', minimum: 1 });
    expect(p.peakConcurrent).toMatchObject({ type: 'integer', minimum: 1 });
    expect(accepts({ ...full, usersMonth: 1.5 })).toBe(false);
    expect(accepts({ ...full, peakConcurrent: 0 })).toBe(false);
    expect(p.budgetUsd).toMatchObject({ type: 'number' });
    expect(accepts({ ...full, budgetUsd: 0 })).toBe(false);
    expect(accepts({ ...full, budgetUsd: 0.5 })).toBe(true);
    expect(p.spike).toMatchObject({ type: 'number', minimum: 1, default: DEFAULT_SPIKE });
    expect(accepts({ ...full, spike: 1 })).toBe(true);
    expect(accepts({ ...full, spike: 0.99 })).toBe(false);
    // Every number is bounded at both ends, the same in both, and the description says the range.
    for (const [field, { min, max }] of Object.entries(SPEC_LIMITS)) {
      expect(p[field], field).toMatchObject({ minimum: min, maximum: max });
      expect(p[field]!.description, field).toContain(
        `from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`,
      );
      const integer = p[field]!.type === 'integer';
      const below = integer ? min - 1 : min / 2;
      expect(accepts({ ...full, [field]: min }), `${field} ${min}`).toBe(true);
      expect(accepts({ ...full, usersMonth: max, [field]: max }), `${field} ${max}`).toBe(true);
      expect(accepts({ ...full, [field]: below }), `${field} ${below}`).toBe(false);
      expect(accepts({ ...full, [field]: max + 1 }), `${field} ${max + 1}`).toBe(false);
      expect(accepts({ ...full, [field]: 1e300 }), `${field} 1e300`).toBe(false);
    }
    const numeric = Object.entries(p)
      .filter(([, property]) => property.type === 'number' || property.type === 'integer')
      .map(([name]) => name);
    expect(numeric.sort()).toEqual(Object.keys(SPEC_LIMITS).sort());
    expect(p.features).toMatchObject({ type: 'array', default: [] });
    const { features: _, spike: __, peakConcurrent: ___, ...bare } = full;
    expect(parseSpec(bare).features).toEqual(p.features!.default);
    expect(parseSpec(bare).spike).toBe(p.spike!.default);
    // gpu only with type ai: the schema's if/then says the same.
    expect(accepts({ ...full, type: 'web', features: ['gpu'] })).toBe(false);
    // A static site takes no features, in both.
    expect(accepts({ ...full, type: 'static', features: ['db'] })).toBe(false);
    expect(accepts({ ...full, type: 'static', features: [] })).toBe(true);
    expect(() => parseSpec({ ...full, type: 'static', features: ['db'] })).toThrow(
      /features: type "static" serves files only/,
    );
    expect(parseSpec({ ...full, type: 'static', features: [] }).type).toBe('static');
  });
});
