import { readFile, readdir } from 'node:fs/promises';

/** CPU ticks so far: the whole machine's, and each process's (user + system). */
export interface CpuTicks {
  total: number;
  byPid: Map<number, number>;
}

/**
 * Reads the kernel's CPU tick counters from /proc (Linux only; null elsewhere).
 *
 * Why not systeminformation: its `processes()` gives a since-boot share on the first call and
 * only re-reads 500 ms after the previous call *ended*, which put a one-shot `snap` ~250 ms over
 * its 1 s budget. Two reads of these counters around the CPU-load window give the same
 * "busy now" figure as `top` at no extra wait. Format: proc(5), /proc/stat and /proc/[pid]/stat.
 */
export async function readCpuTicks(): Promise<CpuTicks | null> {
  if (process.platform !== 'linux') return null;
  try {
    const [stat, entries] = await Promise.all([readFile('/proc/stat', 'utf8'), readdir('/proc')]);
    const cpuLine = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).slice(1);
    // guest and guest_nice (fields 9–10) are already counted in user and nice.
    const total = cpuLine.slice(0, 8).reduce((sum, v) => sum + Number(v), 0);
    const pids = entries.filter((name) => /^\d+$/.test(name)).map(Number);
    const byPid = new Map<number, number>();
    await Promise.all(
      pids.map(async (pid) => {
        const ticks = await readProcessTicks(pid);
        if (ticks !== null) byPid.set(pid, ticks);
      }),
    );
    return { total, byPid };
  } catch {
    return null; // no /proc (a container without it): callers fall back to systeminformation's figure
  }
}

async function readProcessTicks(pid: number): Promise<number | null> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; the fields after the last ')' don't.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
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
