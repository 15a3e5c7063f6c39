type Env = Record<string, string | undefined>;

/** A config section's switch for Claude (`triage.llm`, `digest.llm`, `architect.llm`). */
export interface LlmSwitch {
  enabled: boolean;
  model?: string | undefined;
  /** Milliseconds. */
  timeout: number;
}

/** How to reach Claude for one enabled section; the key is only ever sent, never printed. */
export interface ClaudeSettings {
  apiKey: string;
  model: string | undefined;
  timeoutMs: number;
  /** An Anthropic-compatible endpoint instead of the public API (tests, proxies). */
  baseURL: string | undefined;
}

/**
 * The one rule every Claude feature follows: it runs only when its section is enabled and
 * ANTHROPIC_API_KEY is set; ANTHROPIC_BASE_URL points it elsewhere. Undefined means "do without".
 */
export function claudeSettings(llm: LlmSwitch, env: Env): ClaudeSettings | undefined {
  const apiKey = env.ANTHROPIC_API_KEY;
  if (!llm.enabled || !apiKey) return undefined;
  return { apiKey, model: llm.model, timeoutMs: llm.timeout, baseURL: env.ANTHROPIC_BASE_URL };
}
