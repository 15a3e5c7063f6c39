import pRetry from 'p-retry';
import type { Logger } from 'pino';
import { messageOf } from '../core/errors.js';
import { RejectedPayload, type IncomingPayload } from './pipeline/types.js';

/** One line of stdin, already split into payloads by the caller's reader (same as `soloops triage`). */
export type StdinItem = { line: number; payload: unknown } | { line: number; error: string };

/**
 * Feeds stdin into the pipeline; a bad line is logged with its number and skipped. A line the
 * store cannot take (an outage) is retried with backoff until it is stored: stdin has no sender
 * to retry it, so skipping would lose it. `retryDelayMs` is the first backoff step.
 */
export async function readStdin(
  items: AsyncIterable<StdinItem>,
  accept: (p: IncomingPayload[]) => Promise<string[]>,
  log: Logger,
  signal: AbortSignal,
  retryDelayMs = 500,
): Promise<void> {
  try {
    for await (const item of items) {
      if (signal.aborted) break;
      if ('error' in item) {
        log.warn({ line: item.line, reason: item.error }, 'stdin line skipped');
        continue;
      }
      try {
        await pRetry(() => accept([{ payload: item.payload }]), {
          retries: Number.POSITIVE_INFINITY,
          minTimeout: retryDelayMs,
          maxTimeout: 30_000,
          signal,
          shouldRetry: ({ error }) => !(error instanceof RejectedPayload),
          onFailedAttempt: ({ error, attemptNumber }) => {
            if (attemptNumber === 1 && !(error instanceof RejectedPayload))
              log.error(
                { line: item.line, err: error },
                'could not store a stdin line; retrying until the store is back',
              );
          },
        });
      } catch (error) {
        log.warn({ line: item.line, reason: messageOf(error) }, 'stdin line skipped');
      }
    }
    log.info('stdin ended; still watching webhooks and checks');
  } catch (error) {
    log.error({ err: error }, 'stdin failed; still watching webhooks and checks');
  }
}
