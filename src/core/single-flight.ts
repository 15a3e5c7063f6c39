/**
 * Runs `work` one at a time. A call while it runs returns the running promise and makes it run
 * once more when it ends, so nothing asked for is skipped and nothing runs twice at once. The
 * running flag is cleared in the same step as the last "again?" check: a call in between cannot
 * be lost (clearing it in a `.finally()` left a few microtasks in which one was).
 */
export function singleFlight(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await work();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
