// The retry policy every delivery shares (the wake ladder's steps, the digest's sends). It sits
// beside the channels rather than in core so that core, which `--help` loads, never loads p-retry.
import pRetry from 'p-retry';
import { ChannelError } from '../core/channel.js';

/** How often and how patiently a failing channel is tried again within one step. */
export interface ChannelRetry {
  /** Extra tries after the first. */
  retries: number;
  /** The first retry's delay; each further one doubles it. */
  delayMs: number;
  /** Told of each failed try (to record it) before the next one. */
  onFailure?(error: unknown): void | Promise<void>;
}

/**
 * Runs one delivery with the project's retry policy: only a ChannelError marked retryable (a
 * timeout, a connection failure, a 5xx or 429) is tried again, with exponential backoff; the
 * last failure is thrown.
 */
export function withChannelRetries<T>(send: () => Promise<T>, retry: ChannelRetry): Promise<T> {
  return pRetry(send, {
    retries: retry.retries,
    minTimeout: retry.delayMs,
    factor: 2,
    randomize: false,
    shouldRetry: ({ error }) => error instanceof ChannelError && error.retryable,
    ...(retry.onFailure && { onFailedAttempt: ({ error }: { error: Error }) => retry.onFailure!(error) }),
  });
}
