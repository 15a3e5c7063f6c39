import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { parseMatchers } from './match.js';

describe('parseMatchers', () => {
  it('reads FIELD=PATTERN pairs, labels.NAME included', () => {
    expect(parseMatchers(['service=api', ' labels.env = prod ', 'title=/^disk/'])).toEqual({
      service: 'api',
      'labels.env': 'prod',
      title: '/^disk/',
    });
  });

  it('refuses an unknown field, an empty value and an empty list, saying what to write', () => {
    for (const pairs of [['colour=red'], ['service='], ['labels.=x'], []]) {
      expect(() => parseMatchers(pairs)).toThrow(UserError);
    }
    expect(() => parseMatchers(['colour=red'])).toThrow('bad --match "colour=red"');
  });
});
