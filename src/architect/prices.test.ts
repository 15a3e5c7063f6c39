import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { freeTier, isVerifiedSource, PRICE_KEYS, PRICES, priceOf, REGIONS, type PriceTable } from './prices.js';

describe('the shipped price table', () => {
  it('has every price in every region, dated and sourced', () => {
    expect(Object.keys(PRICES.regions).sort()).toEqual([...REGIONS].sort());
    for (const region of REGIONS) {
      for (const key of PRICE_KEYS) {
        const entry = priceOf(region, key);
        expect(entry.usd, `${region} ${key}`).toBeGreaterThan(0);
        expect(entry.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        // Either a named public source or an honest "not verified", never a bare claim.
        expect(entry.source.length, `${region} ${key}`).toBeGreaterThan(20);
      }
    }
  });

  it('says which prices were checked against a public source', () => {
    const entries = REGIONS.flatMap((region) => PRICE_KEYS.map((key) => priceOf(region, key)));
    const verified = entries.filter((e) => isVerifiedSource(e.source));
    expect(verified.length).toBeGreaterThan(40);
    for (const entry of entries.filter((e) => !isVerifiedSource(e.source)))
      expect(entry.source).toMatch(/prices refresh/);
  });

  it('keys every free-tier allowance to a real price', () => {
    for (const allowance of freeTier) expect(PRICE_KEYS).toContain(allowance.key);
  });
});

describe('priceOf', () => {
  it('throws a UserError naming a region the table lacks, never returning 0', () => {
    expect(() => priceOf('sa-east-1', 'ec2.t4g.small')).toThrow(UserError);
    expect(() => priceOf('sa-east-1', 'ec2.t4g.small')).toThrow(/sa-east-1.*ec2\.t4g\.small/);
  });

  it('throws naming the region and the key when one price is missing', () => {
    const partial: PriceTable = { ...PRICES, regions: { 'eu-west-1': { ...PRICES.regions['eu-west-1'] } } };
    delete partial.regions['eu-west-1']!['nat.gb'];
    expect(() => priceOf('eu-west-1', 'nat.gb', partial)).toThrow(/"nat\.gb".*"eu-west-1"/);
    expect(priceOf('eu-west-1', 'nat.hour', partial).usd).toBeGreaterThan(0);
  });
});
