import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterruptedError } from '../core/errors.js';
import { collectSnapshot, realFilesystems } from './collect.js';
import type { Snapshot } from './types.js';

describe('collectSnapshot on this machine', () => {
  let dir: string;
  let snapshot: Snapshot;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'soloops-collect-test-'));
    snapshot = await collectSnapshot({
      dockerSocket: join(dir, 'no-docker.sock'),
      metrics: [{ name: 'answer', command: 'echo 42', timeout: 5_000 }],
      flagMetrics: { deploys: 1 },
      now: () => new Date('2024-05-01T12:00:00.000Z'),
    });
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('describes the host', () => {
    expect(snapshot.schema).toBe(1);
    expect(snapshot.takenAt).toBe('2024-05-01T12:00:00.000Z');
    expect(snapshot.host.hostname).not.toBe('');
    expect(snapshot.host.platform).toBe(process.platform);
    expect(snapshot.host.uptimeSeconds).toBeGreaterThan(0);
  });

  it('reports CPU and memory within sane ranges, percentages to one decimal', () => {
    const { cpu, memory } = snapshot;
    expect(cpu.cores).toBeGreaterThanOrEqual(1);
    expect(cpu.physicalCores).toBeGreaterThanOrEqual(1);
    expect(cpu.usagePct).toBeGreaterThanOrEqual(0);
    expect(cpu.usagePct).toBeLessThanOrEqual(100);
    expect(Number.isInteger(cpu.usagePct * 10)).toBe(true);
    for (const load of Object.values(cpu.load)) expect(load).toBeGreaterThanOrEqual(0);
    expect(memory.totalBytes).toBeGreaterThan(0);
    expect(memory.usedBytes + memory.availableBytes).toBe(memory.totalBytes);
    expect(memory.usedPct).toBeGreaterThan(0);
    expect(memory.usedPct).toBeLessThanOrEqual(100);
    expect(memory.swapUsedBytes).toBeLessThanOrEqual(memory.swapTotalBytes);
  });

  it('lists at least one real filesystem and no pseudo ones', () => {
    expect(snapshot.filesystems.length).toBeGreaterThan(0);
    const mounts = snapshot.filesystems.map((fs) => fs.mount);
    expect(new Set(mounts).size).toBe(mounts.length);
    for (const fs of snapshot.filesystems) {
      expect(['tmpfs', 'devtmpfs', 'overlay', 'squashfs', 'proc', 'sysfs']).not.toContain(fs.type);
      expect(fs.sizeBytes).toBeGreaterThan(0);
      expect(fs.usedPct).toBeGreaterThanOrEqual(0);
      expect(fs.usedPct).toBeLessThanOrEqual(100);
    }
  });

  it('keeps the top five processes, sorted', () => {
    const { topCpu, topMemory } = snapshot.processes;
    expect(topCpu.length).toBeGreaterThan(0);
    expect(topCpu.length).toBeLessThanOrEqual(5);
    expect(topMemory.length).toBeGreaterThan(0);
    expect(topMemory.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < topCpu.length; i++) expect(topCpu[i - 1]!.cpuPct).toBeGreaterThanOrEqual(topCpu[i]!.cpuPct);
    for (let i = 1; i < topMemory.length; i++)
      expect(topMemory[i - 1]!.memRssBytes).toBeGreaterThanOrEqual(topMemory[i]!.memRssBytes);
    expect(topMemory[0]!.memRssBytes).toBeGreaterThan(0);
    expect(topMemory[0]!.name).not.toBe('');
  });

  it('includes Docker (absent here) and custom metrics', () => {
    expect(snapshot.docker).toEqual({ available: false, reason: expect.stringContaining('no Docker socket') });
    expect(snapshot.metrics).toEqual([
      { name: 'deploys', value: 1, source: 'flag' },
      { name: 'answer', value: 42, source: 'command' },
    ]);
  });
});

describe('collectSnapshot cancellation', () => {
  it('throws InterruptedError when aborted', async () => {
    const controller = new AbortController();
    const pending = collectSnapshot({ signal: controller.signal, dockerSocket: '/nonexistent/docker.sock' });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe('realFilesystems', () => {
  const disk = (fs: string, type: string, mount: string, size: number) => ({
    fs,
    type,
    mount,
    size,
    used: size / 2,
    available: size / 2,
    use: 50,
    rw: true,
  });

  it('drops pseudo filesystems, empty ones and repeated mounts', () => {
    const kept = realFilesystems([
      disk('/dev/sda1', 'ext4', '/', 100),
      disk('tmpfs', 'tmpfs', '/run', 100),
      disk('overlay', 'overlay', '/var/lib/docker/overlay2/x/merged', 100),
      disk('/dev/loop0', 'squashfs', '/snap/core/1', 100),
      disk('/dev/sdb1', 'xfs', '/data', 0),
      disk('/dev/sda1', 'ext4', '/', 100),
      disk('/dev/nvme0n1p2', 'btrfs', '/home', 200),
    ]);
    expect(kept.map((fs) => fs.mount)).toEqual(['/', '/home']);
    expect(kept[0]).toEqual({ mount: '/', fs: '/dev/sda1', type: 'ext4', sizeBytes: 100, usedBytes: 50, usedPct: 50 });
  });
});
