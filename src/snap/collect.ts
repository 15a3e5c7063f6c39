import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import si, { type Systeminformation } from 'systeminformation';
import type { MetricSpec } from '../core/config.js';
import { InterruptedError } from '../core/errors.js';
import { collectDocker } from './docker.js';
import { runMetrics } from './metrics.js';
import { type CpuTicks, cpuShare, machineUsage, readCpuTicks, usageWithoutSelf } from './process-cpu.js';
import type { FilesystemSnapshot, ProcessSnapshot, Snapshot } from './types.js';

/** Options for one snapshot; everything is optional so `collectSnapshot({})` works. */
export interface CollectOptions {
  metrics?: MetricSpec[];
  flagMetrics?: Record<string, number>;
  dockerSocket?: string;
  signal?: AbortSignal;
  now?: () => Date;
  /** Top processes (default true); the live view skips them to stay light. */
  processes?: boolean;
  /** A sample started earlier with {@link startSystemSample}, so its wait overlaps start-up. */
  sample?: SystemSample;
}

/** The slow readings of a snapshot: machine CPU and per-process CPU, each taken over half a second. */
export interface SystemSample {
  /** Machine CPU busy, in percent of all cores, without soloops itself (see {@link startSystemSample}). */
  usage: Promise<number>;
  processes: Promise<Systeminformation.ProcessesData | null>;
}

/** How long CPU is measured: the same half second `si.currentLoad()` first samples. */
const CPU_WINDOW_MS = 500;

/**
 * The last machine-only reading in this process. Like `si.currentLoad()`, a repeating caller without
 * process list (the live view, the daemon's host sampler) measures since then, at no wait; the first
 * call, or one too soon after the last for enough ticks, measures a fresh window.
 */
let previous: { at: number; cpu: NodeJS.CpuUsage; ticks: Promise<CpuTicks | null> } | undefined;
const MIN_SINCE_MS = 250;

/**
 * Starts the readings that need time to pass: machine CPU, and the process list whose CPU figures
 * are replaced by each process's share of all cores, both from two reads of the kernel's tick
 * counters around one window (see process-cpu.ts for why).
 *
 * The window overlaps soloops's own start-up (config, store, imports: about a third of a core), so
 * the machine figure leaves soloops's own ticks (and its finished children's, e.g. metric commands)
 * out; `top` would otherwise show soloops as what keeps the machine busy. Without /proc it is
 * systeminformation's figure minus `process.cpuUsage()` over the same wall time.
 */
export function startSystemSample(options: { processes?: boolean | undefined } = {}): SystemSample {
  const processes = options.processes !== false;
  const now = performance.now();
  const since = !processes && previous && now - previous.at >= MIN_SINCE_MS ? previous : undefined;
  const startedAt = since?.at ?? now;
  const startedCpu = since?.cpu ?? process.cpuUsage();
  const before = since?.ticks ?? readCpuTicks({ processes });
  const load = si.currentLoad(); // the fallback without /proc; cheap otherwise
  // A later call of currentLoad() answers at once, so a fresh window is also bounded by a timer.
  const after = Promise.all([load, since ? undefined : sleep(CPU_WINDOW_MS)]).then(() => {
    const ticks = readCpuTicks({ processes });
    if (!processes) previous = { at: performance.now(), cpu: process.cpuUsage(), ticks };
    return ticks;
  });
  const usage = Promise.all([load, before, after]).then(([data, start, end]) => {
    const fromProc = start && end ? machineUsage(start, end) : null;
    if (fromProc !== null) return fromProc;
    const own = process.cpuUsage(startedCpu);
    const windowMicros = (performance.now() - startedAt) * 1_000;
    return usageWithoutSelf(data.currentLoad, own.user + own.system, windowMicros, availableParallelism());
  });
  if (!processes) return { usage, processes: Promise.resolve(null) };
  const list = Promise.all([si.processes(), before, after]).then(([data, start, end]) => {
    if (start && end) {
      for (const process of data.list) process.cpu = cpuShare(start, end, process.pid) ?? 0;
    }
    return data;
  });
  return { usage, processes: list };
}

/** How many processes each "top" list keeps. */
export const TOP_PROCESSES = 5;

/**
 * Virtual and memory-backed filesystems: they say nothing about disks filling up, and a host
 * with Docker or snaps has dozens of them.
 */
const PSEUDO_FS = new Set([
  'tmpfs',
  'devtmpfs',
  'ramfs',
  'overlay',
  'overlayfs',
  'aufs',
  'squashfs',
  'proc',
  'sysfs',
  'cgroup',
  'cgroup2',
  'nsfs',
  'devpts',
  'mqueue',
  'hugetlbfs',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'autofs',
  'binfmt_misc',
  'efivarfs',
  'rpc_pipefs',
  'nfsd',
  'rootfs',
  'shm',
  'none',
  'devfs',
  'fuse.lxcfs',
  'fuse.snapfuse',
  'fuse.portal',
  'fuse.gvfsd-fuse',
  'selinuxfs',
  'zram',
]);

/**
 * Takes one snapshot of this host: systeminformation, Docker and custom metrics all in parallel.
 *
 * Timing: the wall time is set by the system sample (see {@link startSystemSample}): machine and
 * per-process CPU are measured over the same 500 ms window (a since-boot average would be useless),
 * which like `top` says what is busy now. Everything else (the lazy dockerode and execa imports,
 * metric commands) runs inside that window; its CPU use is soloops's own and is left out of
 * `cpu.usagePct`, so callers can start the sample early and let the wait overlap their start-up.
 * Per-process `cpuPct` is a share of all cores (a process busy on one of two cores shows 50).
 *
 * @throws InterruptedError when `signal` aborts.
 */
export async function collectSnapshot(options: CollectOptions = {}): Promise<Snapshot> {
  const { signal } = options;
  if (signal?.aborted) throw new InterruptedError();
  const takenAt = (options.now ?? (() => new Date()))();
  const sample = options.sample ?? startSystemSample({ processes: options.processes });
  const work = Promise.all([
    sample.usage,
    si.cpu(),
    si.mem(),
    si.fsSize(),
    si.osInfo(),
    sample.processes,
    collectDocker(options.dockerSocket, signal),
    runMetrics(options.metrics ?? [], options.flagMetrics ?? {}, signal),
  ]);
  const [usagePct, cpu, mem, disks, osInfo, procs, docker, metrics] = await untilAborted(work, signal);
  const [load1, load5, load15] = loadavg();
  const memUsed = mem.total - mem.available;
  // soloops describes the host, not itself: its CPU is left out of usagePct, and it is left out here too.
  const others = procs?.list.filter((p) => p.pid !== process.pid);
  return {
    schema: 1,
    takenAt: takenAt.toISOString(),
    host: {
      hostname: osInfo.hostname,
      os: [osInfo.distro, osInfo.release].filter(Boolean).join(' '),
      platform: osInfo.platform,
      kernel: osInfo.kernel,
      arch: osInfo.arch,
      uptimeSeconds: Math.round(si.time().uptime),
    },
    cpu: {
      model: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ').trim(),
      cores: cpu.cores,
      physicalCores: cpu.physicalCores,
      usagePct: round1(usagePct),
      load: { '1m': round2(load1 ?? 0), '5m': round2(load5 ?? 0), '15m': round2(load15 ?? 0) },
    },
    memory: {
      totalBytes: mem.total,
      usedBytes: memUsed,
      availableBytes: mem.available,
      usedPct: mem.total > 0 ? round1((memUsed / mem.total) * 100) : 0,
      swapTotalBytes: mem.swaptotal,
      swapUsedBytes: mem.swapused,
    },
    filesystems: realFilesystems(disks),
    processes: {
      topCpu: others ? topBy(others, (p) => p.cpu) : [],
      topMemory: others ? topBy(others, (p) => p.memRss) : [],
    },
    docker,
    metrics,
  };
}

/** Keeps real, non-empty filesystems, one per mount point (bind mounts repeat a mount). */
export function realFilesystems(disks: Systeminformation.FsSizeData[]): FilesystemSnapshot[] {
  const byMount = new Map<string, FilesystemSnapshot>();
  for (const disk of disks) {
    const type = disk.type.toLowerCase();
    if (PSEUDO_FS.has(type) || !(disk.size > 0) || byMount.has(disk.mount)) continue;
    byMount.set(disk.mount, {
      mount: disk.mount,
      fs: disk.fs,
      type: disk.type,
      sizeBytes: disk.size,
      usedBytes: disk.used,
      usedPct: round1(disk.use),
    });
  }
  return [...byMount.values()];
}

function topBy(
  list: Systeminformation.ProcessesProcessData[],
  key: (p: Systeminformation.ProcessesProcessData) => number,
): ProcessSnapshot[] {
  return [...list]
    .sort((a, b) => key(b) - key(a) || a.pid - b.pid)
    .slice(0, TOP_PROCESSES)
    .map((p) => ({
      pid: p.pid,
      name: p.name,
      cpuPct: round1(p.cpu),
      memPct: round1(p.mem),
      memRssBytes: p.memRss * 1024, // ps reports RSS in KiB
    }));
}

/** systeminformation calls cannot be cancelled, so Ctrl-C stops waiting for them instead. */
function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new InterruptedError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function round1(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 10) / 10 : 0;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
