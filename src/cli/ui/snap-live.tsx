import { Text, render, useApp, useInput } from 'ink';
import { useEffect, useState } from 'react';
import { InterruptedError } from '../../core/errors.js';
import { collectSnapshot, type Snapshot } from '../../app/snap/live.js';
import { SnapView } from './snap-view.js';

interface LiveProps {
  sample: () => Promise<Snapshot>;
  refreshMs: number;
  onInterrupt: () => void;
}

/** Re-samples every `refreshMs` until q / Esc (quit) or Ctrl-C (interrupt). */
export function LiveApp({ sample, refreshMs, onInterrupt }: LiveProps) {
  const { exit } = useApp();
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  useInput((input, key) => {
    if (key.ctrl && input === 'c') {
      onInterrupt();
      exit();
    } else if (input === 'q' || key.escape) {
      exit();
    }
  });
  useEffect(() => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const tick = async () => {
      try {
        const next = await sample();
        if (!stopped) {
          setSnapshot(next);
          setError(null);
        }
      } catch (e) {
        if (!stopped) setError(String(e));
      }
      if (!stopped) timer = setTimeout(tick, refreshMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [sample, refreshMs]);
  if (error) return <Text color="red">{error}</Text>;
  return snapshot ? <SnapView snapshot={snapshot} /> : <Text>collecting…</Text>;
}

/** Runs the live view on the terminal until the person quits; Ctrl-C becomes exit 130. */
export async function runLiveView(options: { dockerSocket: string | undefined; signal: AbortSignal }): Promise<void> {
  let interrupted = false;
  const sample = () =>
    collectSnapshot({ dockerSocket: options.dockerSocket, signal: options.signal, processes: false });
  const app = render(<LiveApp sample={sample} refreshMs={1_000} onInterrupt={() => (interrupted = true)} />, {
    exitOnCtrlC: false,
  });
  const onAbort = () => app.unmount();
  options.signal.addEventListener('abort', onAbort, { once: true });
  await app.waitUntilExit();
  options.signal.removeEventListener('abort', onAbort);
  if (interrupted || options.signal.aborted) throw new InterruptedError();
}
