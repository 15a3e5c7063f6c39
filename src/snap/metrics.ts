import type { MetricSpec } from '../core/config.js';
import { InterruptedError, UserError } from '../core/errors.js';
import type { MetricResult } from './types.js';

/** Same rule as the config schema, so `--metric` and soloops.yaml accept the same names. */
const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;
/** Plain decimal numbers only: `Number()` alone would also accept '', '0x10' and 'Infinity'. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** A metric prints one number; more than this is a misconfigured command, not a metric. */
const MAX_OUTPUT_BYTES = 64 * 1024;
const POSIX = process.platform !== 'win32';

/**
 * Parses one `--metric name=value` flag.
 * @throws UserError with a hint when the name or the number is malformed.
 */
export function parseMetricFlag(text: string): [name: string, value: number] {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text.trim() : text.slice(0, eq).trim();
  const raw = eq < 0 ? '' : text.slice(eq + 1).trim();
  const hint = 'pass --metric name=value, e.g. --metric queue_depth=42 (names: letters, digits, _ . : -)';
  if (eq < 0) throw new UserError(`--metric ${JSON.stringify(text)} has no "=value"`, hint);
  if (!NAME.test(name)) throw new UserError(`--metric name ${JSON.stringify(name)} is not a valid metric name`, hint);
  if (!NUMBER.test(raw)) throw new UserError(`--metric ${name}: ${JSON.stringify(raw)} is not a number`, hint);
  return [name, Number(raw)];
}

/**
 * Collects custom metrics: flag values as given, then each configured command run in a shell,
 * all in parallel. A failing command becomes `{ value: null, error }`, never an exception.
 * A flag value wins over a configured command of the same name (the command is not run).
 * @throws InterruptedError when `signal` aborts.
 */
export async function runMetrics(
  specs: MetricSpec[],
  flagMetrics: Record<string, number> = {},
  signal?: AbortSignal,
): Promise<MetricResult[]> {
  const fromFlags: MetricResult[] = Object.entries(flagMetrics).map(([name, value]) => ({
    name,
    value,
    source: 'flag',
  }));
  const commands = specs.filter((spec) => !Object.hasOwn(flagMetrics, spec.name));
  // Imported on demand: execa costs ~150 ms to load, which a snapshot without commands should not pay
  // and one with commands pays inside collectSnapshot's CPU sampling window.
  const { execa } = commands.length ? await import('execa') : { execa: undefined };
  const fromCommands = execa ? await Promise.all(commands.map((spec) => runCommand(execa, spec, signal))) : [];
  if (signal?.aborted) throw new InterruptedError();
  return [...fromFlags, ...fromCommands];
}

async function runCommand(
  execa: typeof import('execa').execa,
  spec: MetricSpec,
  signal?: AbortSignal,
): Promise<MetricResult> {
  const fail = (error: string): MetricResult => ({ name: spec.name, value: null, source: 'command', error });
  // The shell runs in its own process group, and the whole group is killed on timeout or abort:
  // killing only `sh` leaves e.g. `sleep 30` holding stdout open, and execa waits for it.
  let timedOut = false;
  const subprocess = execa(spec.command, {
    shell: true,
    detached: POSIX,
    reject: false,
    stdin: 'ignore',
    timeout: spec.timeout,
    cancelSignal: signal,
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  const killGroup = () => {
    if (!POSIX || subprocess.pid === undefined) return;
    try {
      process.kill(-subprocess.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const onAbort = () => killGroup();
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, spec.timeout);
  signal?.addEventListener('abort', onAbort, { once: true });
  const result = await subprocess.finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  });

  if (result.isCanceled || signal?.aborted) return fail('cancelled');
  if (timedOut || result.timedOut) return fail(`timed out after ${spec.timeout} ms`);
  if (result.isMaxBuffer)
    return fail(`printed more than ${MAX_OUTPUT_BYTES} bytes; a metric command prints one number`);
  if (result.exitCode !== 0) {
    const how =
      result.exitCode === undefined
        ? `was killed by ${result.signal ?? 'a signal'}`
        : `exited with code ${result.exitCode}`;
    const stderr = firstLine(String(result.stderr ?? ''));
    return fail(stderr ? `${how}: ${stderr}` : how);
  }
  const output = String(result.stdout ?? '').trim();
  if (!NUMBER.test(output)) return fail(`printed ${JSON.stringify(output.slice(0, 80))}, not a number`);
  return { name: spec.name, value: Number(output), source: 'command' };
}

function firstLine(text: string): string {
  const line = text.trim().split(/\r?\n/, 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
