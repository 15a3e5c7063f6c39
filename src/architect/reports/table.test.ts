import { describe, expect, it } from 'vitest';
import { pricedQuantity, quantity, rate, usd } from './table.js';

describe('number formats a person reads', () => {
  it('rounds req/s to one decimal under 10 and to whole ones above', () => {
    expect(rate(3.8052)).toBe('3.8');
    expect(rate(4.5662)).toBe('4.6');
    expect(rate(38.0518)).toBe('38');
    expect(rate(5_000)).toBe('5,000');
    expect(rate(2)).toBe('2');
    expect(rate(0)).toBe('0');
    // A trickle still reads as more than nothing.
    expect(rate(0.0381)).toBe('0.04');
  });

  it('rounds amounts to whole ones from 1,000, one decimal above 1 and two digits below', () => {
    expect(quantity(777.78)).toBe('777.8');
    expect(quantity(1_536.31)).toBe('1,536');
    expect(quantity(12_000_000)).toBe('12,000,000');
    expect(quantity(2)).toBe('2');
    expect(quantity(0.0123)).toBe('0.012');
  });

  it('keeps two decimals for priced quantities and money', () => {
    expect(pricedQuantity(720_000.1234)).toBe('720,000.12');
    expect(pricedQuantity(300.008)).toBe('300.01');
    expect(usd(1234.5)).toBe('$1,234.50');
  });
});
