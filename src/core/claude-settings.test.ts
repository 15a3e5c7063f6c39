import { describe, expect, it } from 'vitest';
import { claudeSettings } from './claude-settings.js';

describe('claudeSettings', () => {
  it('asks Claude only when the section is enabled and ANTHROPIC_API_KEY is set', () => {
    expect(claudeSettings({ enabled: true, timeout: 1_000 }, { ANTHROPIC_API_KEY: 'k' })).toEqual({
      apiKey: 'k',
      model: undefined,
      timeoutMs: 1_000,
      baseURL: undefined,
    });
    expect(claudeSettings({ enabled: true, timeout: 1_000 }, {})).toBeUndefined();
    expect(claudeSettings({ enabled: true, timeout: 1_000 }, { ANTHROPIC_API_KEY: '' })).toBeUndefined();
    expect(claudeSettings({ enabled: false, timeout: 1_000 }, { ANTHROPIC_API_KEY: 'k' })).toBeUndefined();
  });

  it('carries the model, the timeout and ANTHROPIC_BASE_URL', () => {
    const env = { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'http://127.0.0.1:1' };
    expect(claudeSettings({ enabled: true, model: 'claude-test', timeout: 5_000 }, env)).toEqual({
      apiKey: 'k',
      model: 'claude-test',
      timeoutMs: 5_000,
      baseURL: 'http://127.0.0.1:1',
    });
  });
});
