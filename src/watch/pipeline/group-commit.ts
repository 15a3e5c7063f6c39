import type { NormalizedAlert } from '../../core/alert.js';

/**
 * Group commit for the inbox: requests that arrive while a commit is running (or in the same
 * turn of the event loop) are written together in the next transaction, and each is answered
 * when that transaction commits. Under load one sync to disk covers many webhooks; alone, a
 * request waits for nothing but its own commit. When a shared commit fails, each of its requests
 * is retried alone, so one request that cannot be written never fails the others.
 */
export function groupCommit(
  enqueue: (alerts: readonly NormalizedAlert[]) => Promise<void>,
): (alerts: readonly NormalizedAlert[]) => Promise<void> {
  let waiting: Array<{ alerts: readonly NormalizedAlert[]; done: () => void; failed: (error: unknown) => void }> = [];
  let flushing = false;

  const flush = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await enqueue(batch.flatMap((w) => w.alerts));
        for (const w of batch) w.done();
      } catch (error) {
        if (batch.length === 1) {
          batch[0]!.failed(error);
          continue;
        }
        // The shared transaction rolled back. Each request is written again on its own, so one
        // bad request fails alone (503, its sender retries) and the innocent ones still commit.
        for (const w of batch) {
          await enqueue(w.alerts).then(w.done, w.failed);
        }
      }
    }
    // In the same synchronous step as the check above: a request arriving after it starts a new
    // flush. (Resetting in a .finally() left a few microtasks in which a request joined a flush
    // that had already ended, and was never written nor answered.)
    flushing = false;
  };

  return (alerts) =>
    new Promise<void>((done, failed) => {
      waiting.push({ alerts, done, failed });
      if (flushing) return;
      flushing = true;
      // setImmediate: let the other requests already read in this turn join the batch.
      void new Promise<void>((resolve) => setImmediate(resolve)).then(flush);
    });
}
