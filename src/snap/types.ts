/** A custom metric: a number, or why there is none. */
export interface MetricResult {
  name: string;
  value: number | null;
  source: 'flag' | 'command';
  error?: string;
}

export interface ContainerSnapshot {
  id: string;
  name: string;
  image: string;
  state: string;
  /** healthy / unhealthy / starting, or null when the image has no health check. */
  health: string | null;
  restartCount: number;
  cpuPct: number | null;
  memUsedBytes: number | null;
  memLimitBytes: number | null;
}

export type DockerSnapshot =
  | { available: true; containers: ContainerSnapshot[] }
  | { available: false; reason: string };

export interface ProcessSnapshot {
  pid: number;
  name: string;
  cpuPct: number;
  memPct: number;
  memRssBytes: number;
}

export interface FilesystemSnapshot {
  mount: string;
  fs: string;
  type: string;
  sizeBytes: number;
  usedBytes: number;
  usedPct: number;
}

/** Everything `soloops snap` collects about one host at one moment. */
export interface Snapshot {
  schema: 1;
  takenAt: string;
  host: { hostname: string; os: string; platform: string; kernel: string; arch: string; uptimeSeconds: number };
  cpu: {
    model: string;
    cores: number;
    physicalCores: number;
    usagePct: number;
    load: { '1m': number; '5m': number; '15m': number };
  };
  memory: {
    totalBytes: number;
    usedBytes: number;
    availableBytes: number;
    usedPct: number;
    swapTotalBytes: number;
    swapUsedBytes: number;
  };
  filesystems: FilesystemSnapshot[];
  processes: { topCpu: ProcessSnapshot[]; topMemory: ProcessSnapshot[] };
  docker: DockerSnapshot;
  metrics: MetricResult[];
  /**
   * Present only when `formatSnapshot` had to drop entries to stay under MAX_SNAPSHOT_BYTES:
   * how many containers, filesystems or metrics were left out.
   */
  omitted?: { containers?: number; filesystems?: number; metrics?: number };
}
