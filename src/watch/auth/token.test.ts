import { describe, expect, it } from 'vitest';
import { presentedToken, tokenMatches } from './token.js';

describe('tokenMatches', () => {
  it('accepts the same token', () => {
    expect(tokenMatches('s3cr3t-token', 's3cr3t-token')).toBe(true);
  });

  it('rejects a different token of the same length, and of other lengths without throwing', () => {
    expect(tokenMatches('s3cr3t-token', 's3cr3t-tokeN')).toBe(false);
    expect(tokenMatches('s3cr3t-token', 's3cr3t')).toBe(false);
    expect(tokenMatches('s3cr3t-token', 's3cr3t-token-and-more')).toBe(false);
    expect(tokenMatches('s3cr3t-token', '')).toBe(false);
  });

  it('rejects a missing token, and never matches when the expected token is blank', () => {
    expect(tokenMatches('s3cr3t-token', undefined)).toBe(false);
    expect(tokenMatches('', '')).toBe(false);
    expect(tokenMatches('', undefined)).toBe(false);
  });

  it('compares unicode tokens by their bytes', () => {
    expect(tokenMatches('clé-é', 'clé-é')).toBe(true);
    expect(tokenMatches('clé-é', 'cle-e')).toBe(false);
  });
});

describe('presentedToken', () => {
  it('reads a Bearer credential, whatever the case of the scheme and header name', () => {
    expect(presentedToken({ authorization: 'Bearer abc123' }, {})).toBe('abc123');
    expect(presentedToken({ authorization: 'bearer   abc123 ' }, {})).toBe('abc123');
    expect(presentedToken({ Authorization: 'BEARER abc123' }, {})).toBe('abc123');
  });

  it('reads the token query parameter when there is no Bearer credential', () => {
    expect(presentedToken({}, { token: 'q-token' })).toBe('q-token');
    expect(presentedToken({ authorization: 'Basic dXNlcjpwYXNz' }, { token: 'q-token' })).toBe('q-token');
  });

  it('prefers the header over the query', () => {
    expect(presentedToken({ authorization: 'Bearer from-header' }, { token: 'from-query' })).toBe('from-header');
  });

  it('finds nothing in an absent, empty, malformed or repeated credential', () => {
    expect(presentedToken({}, {})).toBeUndefined();
    expect(presentedToken({ authorization: '' }, { token: '' })).toBeUndefined();
    expect(presentedToken({ authorization: 'Bearer' }, {})).toBeUndefined();
    expect(presentedToken({ authorization: 'Bearer two words' }, {})).toBeUndefined();
    expect(presentedToken({ authorization: ['Bearer a', 'Bearer b'] }, {})).toBeUndefined();
    expect(presentedToken({ authorization: undefined }, {})).toBeUndefined();
  });
});
