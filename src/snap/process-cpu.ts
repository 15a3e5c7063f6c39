import { readFile, readdir } from 'node:fs/promises';

/** CPU ticks so far: the whole machine's, soloops's own, and each process's (user + system). */
export interface CpuTicks {
  /** All CPUs, every state (user … steal). */
  total: number;
  /** All CPUs, idle or waiting for I/O (what `top` does not count as busy). */
  idle: number;
  /** This process and its reaped children (metric commands): the snapshot's own cost. */
  self: number;
  /** Empty unless processes were asked for. */
  byPid: Map<number, number>;
}

/** What reads /proc; tests pass recorded files. */
export interface ProcReader {
  readFile(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
}

const procFs: ProcReader = { readFile: (path) => readFile(path, 'utf8'), readdir };

/**
 * Reads the kernel's CPU tick counters from /proc (Linux only; null elsewhere).
 *
 * Why not systeminformation: its `processes()` gives a since-boot share on the first call and
 * only re-reads 500 ms after the previous call *ended*, which put a one-shot `snap` ~250 ms over
 * its 1 s budget; and its `currentLoad()` cannot leave out soloops's own start-up, which made an
 * idle-ish machine look 85 % busy. Two reads of these counters around the window give the same
 * "busy now" figures as `top`. Format: proc(5), /proc/stat and /proc/[pid]/stat.
 */
export async function readCpuTicks(
  options: { processes?: boolean; pid?: number; reader?: ProcReader; platform?: string } = {},
): Promise<CpuTicks | null> {
  const { pid = process.pid, reader = procFs, platform = process.platform } = options;
  if (platform !== 'linux') return null;
  try {
    const [stat, self, entries] = await Promise.all([
      reader.readFile('/proc/stat'),
      reader.readFile(`/proc/${pid}/stat`),
      options.processes === false ? [] : reader.readdir('/proc'),
    ]);
    // user nice system idle iowait irq softirq steal; guest and guest_nice (9–10) are already in user and nice.
    const cpu = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).slice(1, 9).map(Number);
    if (cpu.length < 5 || cpu.some((v) => !Number.isFinite(v))) return null;
    const total = cpu.reduce((sum, v) => sum + v, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    const selfFields = statFields(self);
    // utime, stime, cutime, cstime (fields 14–17): children count once they have exited and been waited for.
    const selfTicks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(selfFields[i]), 0);
    if (!Number.isFinite(selfTicks)) return null;
    const pids = entries.filter((name) => /^\d+$/.test(name)).map(Number);
    const byPid = new Map<number, number>();
    await Promise.all(
      pids.map(async (other) => {
        const ticks = await readProcessTicks(reader, other);
        if (ticks !== null) byPid.set(other, ticks);
      }),
    );
    return { total, idle, self: selfTicks, byPid };
  } catch {
    return null; // no /proc (a container without it): callers fall back to systeminformation's figure
  }
}

/** The fields after the command name, which may hold spaces and parentheses; [0] is field 3 (state). */
function statFields(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

async function readProcessTicks(reader: ProcReader, pid: number): Promise<number | null> {
  try {
    const fields = statFields(await reader.readFile(`/proc/${pid}/stat`));
    // utime (14) and stime (15) are at 11 and 12.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null; // the process ended between readdir and read
  }
}

/** A process's share of all CPUs between two readings, in percent; null if it was not in both. */
export function cpuShare(before: CpuTicks, after: CpuTicks, pid: number): number | null {
  const start = before.byPid.get(pid);
  const end = after.byPid.get(pid);
  const elapsed = after.total - before.total;
  if (start === undefined || end === undefined || elapsed <= 0) return null;
  return (100 * (end - start)) / elapsed;
}

/**
 * How busy the machine was between two readings, in percent of all CPUs, *without soloops itself*:
 * its own ticks over the same window are taken off the busy ones. Null when no time passed.
 */
export function machineUsage(before: CpuTicks, after: CpuTicks): number | null {
  const elapsed = after.total - before.total;
  if (elapsed <= 0) return null;
  const busy = elapsed - (after.idle - before.idle);
  const own = after.self - before.self;
  return clampPct((100 * (busy - own)) / elapsed);
}

/**
 * The fallback without /proc: systeminformation's machine figure minus this process's CPU time
 * (`process.cpuUsage()`, all threads) over the same wall-clock window, spread over all cores.
 */
export function usageWithoutSelf(machinePct: number, ownMicros: number, windowMicros: number, cores: number): number {
  if (!(windowMicros > 0) || !(cores > 0)) return clampPct(machinePct);
  return clampPct(machinePct - (100 * ownMicros) / (windowMicros * cores));
}

function clampPct(value: number): number {
  return Math.min(100, Math.max(0, value));
}
