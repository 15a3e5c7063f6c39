import { describe, expect, it } from 'vitest';
import { cpuShare, readCpuTicks, type CpuTicks } from './process-cpu.js';

describe('per-process CPU from the kernel tick counters', () => {
  it.runIf(process.platform === 'linux')('reads the machine total and this process', async () => {
    const ticks = await readCpuTicks();
    expect(ticks!.total).toBeGreaterThan(0);
    expect(ticks!.byPid.get(process.pid)).toBeGreaterThanOrEqual(0);
    expect(ticks!.byPid.get(1)).toBeGreaterThanOrEqual(0);
  });

  it('computes the share of all cores between two readings', () => {
    const before: CpuTicks = {
      total: 1_000,
      byPid: new Map([
        [10, 50],
        [11, 0],
      ]),
    };
    const after: CpuTicks = {
      total: 1_200,
      byPid: new Map([
        [10, 150],
        [11, 0],
        [12, 5],
      ]),
    };
    expect(cpuShare(before, after, 10)).toBe(50); // busy on one of two cores
    expect(cpuShare(before, after, 11)).toBe(0);
    expect(cpuShare(before, after, 12)).toBeNull(); // started inside the window
    expect(cpuShare(before, { ...after, total: 1_000 }, 10)).toBeNull();
  });
});
