import fs from 'node:fs';
import path from 'node:path';
import { makeDirSync } from '../core/make-dir.js';

/** The file in the data folder that says where a running daemon listens (`soloops watch status` reads it). */
export const STATE_FILE = 'watch.json';

/**
 * What a running daemon tells other commands about itself: where it listens, who it is and since
 * when. Nothing secret: no token, no URL with credentials (the file is as readable as the folder).
 */
export interface DaemonState {
  pid: number;
  host: string;
  port: number;
  startedAt: string;
}

/** The state file as found: its content, and whether the process it names is still alive. */
export interface FoundDaemonState {
  state: DaemonState;
  /** False when no process has that pid any more: the daemon stopped without cleaning up (a crash, kill -9). */
  alive: boolean;
}

const fileIn = (home: string) => path.join(home, STATE_FILE);

/**
 * Writes the state file (write to a temporary name, then rename: a reader never sees half a file).
 * Returns the error instead of throwing: a daemon that cannot write it (a read-only data folder with
 * a PostgreSQL store) still runs; `watch status` then falls back to the configured port.
 */
export function writeDaemonState(home: string, state: DaemonState): Error | null {
  const file = fileIn(home);
  const temporary = `${file}.${state.pid}.tmp`;
  try {
    makeDirSync(home);
    fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
    fs.renameSync(temporary, file);
    return null;
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written there either.
    }
    return error as Error;
  }
}

/** Removes the state file on a clean stop, only if it is still this daemon's (another may have started since). */
export function removeDaemonState(home: string, mine: DaemonState): void {
  const found = readDaemonState(home);
  if (found && found.state.pid === mine.pid && found.state.port === mine.port) fs.rmSync(fileIn(home), { force: true });
}

/** The state file, or null when there is none or it cannot be read as one. */
export function readDaemonState(home: string): FoundDaemonState | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(fileIn(home), 'utf8'));
  } catch {
    return null;
  }
  const state = parsed as Partial<DaemonState> | null;
  if (
    typeof state?.pid !== 'number' ||
    typeof state.host !== 'string' ||
    typeof state.port !== 'number' ||
    typeof state.startedAt !== 'string'
  )
    return null;
  const { pid, host, port, startedAt } = state;
  return { state: { pid, host, port, startedAt }, alive: processAlive(pid) };
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists under another user. */
function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
