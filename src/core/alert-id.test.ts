import { describe, expect, it } from 'vitest';
import { newAlertId } from './alert-id.js';

describe('alert ids', () => {
  it('are version-8 UUIDs', () => {
    expect(newAlertId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('increase, so consecutive alerts are neighbours in the primary-key index', () => {
    const ids = Array.from({ length: 10_000 }, newAlertId);
    // Sorted order is the minting order, except where the 32-bit low part wraps (every ~71 minutes).
    const descents = ids.filter((id, i) => i > 0 && id < ids[i - 1]!).length;
    expect(descents).toBeLessThanOrEqual(1);
  });

  it('have distinct 8-character prefixes within a burst, so a short prefix names one alert', () => {
    const ids = Array.from({ length: 100_000 }, newAlertId);
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(9))).size).toBe(ids.length);
  });
});
