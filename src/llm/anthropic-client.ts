import type Anthropic from '@anthropic-ai/sdk';

/** How to reach Claude. The key is used only for the x-api-key header, never printed. */
export interface ClaudeClientOptions {
  apiKey: string;
  /** An Anthropic-compatible endpoint (tests use a local fake). */
  baseURL?: string | undefined;
  /** The whole budget for one question, SDK retries included. */
  timeoutMs: number;
  maxRetries?: number | undefined;
}

/** One single-turn question. */
export interface ClaudeQuestion {
  model: string;
  maxTokens: number;
  system: string;
  user: string;
}

/** The reply's text blocks joined, and why the model stopped. */
export interface ClaudeAnswer {
  text: string;
  stopReason: string | null;
}

/** Asks Claude one question; rejects with the SDK's error (an HTTP status on `status`) on failure. */
export type AskClaude = (question: ClaudeQuestion) => Promise<ClaudeAnswer>;

/**
 * The Messages API as the triage LLM and the digest summaries use it. The SDK is imported on the
 * first question, so a run that never asks never loads it (start-up stays fast).
 */
export function createClaudeClient(options: ClaudeClientOptions): AskClaude {
  const { apiKey, baseURL, timeoutMs, maxRetries = 0 } = options;
  let client: Promise<Anthropic> | undefined;
  const connect = () =>
    (client ??= import('@anthropic-ai/sdk').then(
      ({ default: Sdk }) =>
        new Sdk({
          apiKey,
          // Only the key we were given: not an ANTHROPIC_AUTH_TOKEN that happens to be set.
          authToken: null,
          baseURL,
          timeout: timeoutMs,
          maxRetries,
          // The SDK's debug logging (ANTHROPIC_LOG) would write requests to our stderr.
          logLevel: 'off',
        }),
    ));

  return async ({ model, maxTokens, system, user }) => {
    const sdk = await connect();
    const message = await sdk.messages.create(
      {
        model,
        max_tokens: maxTokens,
        // Haiku 5.5 thinks by default; our short answers do not need it, and thinking would
        // spend most of the time budget.
        thinking: { type: 'disabled' },
        system,
        messages: [{ role: 'user', content: user }],
      },
      { signal: AbortSignal.timeout(timeoutMs) },
    );
    // Select by type: a response may start with a thinking block.
    const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    return { text, stopReason: message.stop_reason };
  };
}
