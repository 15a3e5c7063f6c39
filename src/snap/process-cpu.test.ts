import { describe, expect, it } from 'vitest';
import {
  cpuShare,
  machineUsage,
  readCpuTicks,
  usageWithoutSelf,
  type CpuTicks,
  type ProcReader,
} from './process-cpu.js';

/** A /proc/[pid]/stat line (proc(5)) with the given utime, stime, cutime and cstime. */
function pidStat(pid: number, name: string, [utime, stime, cutime, cstime]: number[]): string {
  const times = `${utime} ${stime} ${cutime} ${cstime}`;
  return `${pid} (${name}) R 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${times} 20 0 11 0 123\n`;
}

/** /proc as recorded on a 2-core machine, 100 ticks a second per core. */
function recordedProc(files: Record<string, string>): ProcReader {
  return {
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
      return text;
    },
    readdir: async () => ['1', '777', '4242', 'self', 'stat', '999'],
  };
}

const SOLOOPS = 4242;
// Half a second on 2 cores = 100 ticks: a busy loop (pid 777) takes 50, soloops starting up 35
// (31 its own, 4 a metric command it ran and reaped), the rest is idle or waiting for I/O.
const before = recordedProc({
  '/proc/stat': 'cpu  10000 50 3000 80000 200 0 100 0 0 0\ncpu0 5000 25 1500 40000 100 0 50 0 0 0\n',
  '/proc/1/stat': pidStat(1, 'systemd', [500, 300, 0, 0]),
  '/proc/777/stat': pidStat(777, 'busy loop', [1000, 0, 0, 0]),
  [`/proc/${SOLOOPS}/stat`]: pidStat(SOLOOPS, 'node (soloops)', [40, 12, 0, 0]),
});
const after = recordedProc({
  '/proc/stat': 'cpu  10075 50 3010 80013 202 0 100 0 7 0\ncpu0 5050 25 1505 40006 101 0 50 0 7 0\n',
  '/proc/1/stat': pidStat(1, 'systemd', [500, 300, 0, 0]),
  '/proc/777/stat': pidStat(777, 'busy loop', [1050, 0, 0, 0]),
  [`/proc/${SOLOOPS}/stat`]: pidStat(SOLOOPS, 'node (soloops)', [63, 20, 3, 1]),
});
const read = (reader: ProcReader, processes = true) =>
  readCpuTicks({ reader, pid: SOLOOPS, processes, platform: 'linux' });

describe('CPU from the kernel tick counters', () => {
  it.runIf(process.platform === 'linux')('reads the machine total, this process and the others', async () => {
    const ticks = await readCpuTicks();
    expect(ticks!.total).toBeGreaterThan(ticks!.idle);
    expect(ticks!.self).toBeGreaterThan(0);
    expect(ticks!.byPid.get(process.pid)).toBeGreaterThanOrEqual(0);
    expect(ticks!.byPid.get(1)).toBeGreaterThanOrEqual(0);
  });

  it('parses recorded /proc files: idle + iowait, guest not counted twice, own children included', async () => {
    const ticks = await read(before);
    expect(ticks).toEqual({
      total: 93_350,
      idle: 80_200,
      self: 52,
      byPid: new Map([
        [1, 800],
        [777, 1_000],
        [SOLOOPS, 52],
      ]),
    });
    expect((await read(before, false))?.byPid.size).toBe(0);
    expect(await readCpuTicks({ reader: before, platform: 'darwin' })).toBeNull();
    expect(await read(recordedProc({ '/proc/stat': 'garbage\n' }))).toBeNull();
  });

  it('leaves soloops out of the machine figure: 85 % busy in the window, 50 % without soloops', async () => {
    const [start, end] = [(await read(before))!, (await read(after))!];
    expect(end.total - start.total).toBe(100);
    expect(100 - (100 * (end.idle - start.idle)) / (end.total - start.total)).toBe(85); // what was reported
    expect(machineUsage(start, end)).toBe(50); // the busy loop alone
    expect(cpuShare(start, end, 777)).toBe(50); // busy on one of two cores
    expect(cpuShare(start, end, 1)).toBe(0);
    expect(cpuShare(start, end, 999)).toBeNull(); // gone, or started inside the window
    expect(machineUsage(start, start)).toBeNull();
  });

  it('never goes below 0 or above 100 when the counters disagree', () => {
    const at = (total: number, idle: number, self: number): CpuTicks => ({ total, idle, self, byPid: new Map() });
    expect(machineUsage(at(0, 0, 0), at(100, 90, 40))).toBe(0);
    expect(machineUsage(at(0, 0, 0), at(100, -10, 0))).toBe(100);
  });

  it('without /proc takes process.cpuUsage() over the window, spread over the cores, off the machine figure', () => {
    expect(usageWithoutSelf(85, 350_000, 500_000, 2)).toBe(50);
    expect(usageWithoutSelf(10, 350_000, 500_000, 2)).toBe(0);
    expect(usageWithoutSelf(42, 1, 0, 2)).toBe(42); // no window: nothing to take off
  });
});
