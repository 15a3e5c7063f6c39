import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One container as the fake engine serves it. The three bodies follow the Docker Engine API's
 * documented shapes (ContainerSummary, ContainerInspectResponse, ContainerStatsResponse);
 * build them with `fakeContainer` unless a test needs an unusual body.
 */
export interface FakeContainer {
  summary: Record<string, unknown> & { Id: string };
  inspect: Record<string, unknown>;
  /** Served for `/containers/{id}/stats?stream=false`; omitted for stopped containers. */
  stats?: Record<string, unknown>;
}

/** The numbers a test wants to see; everything else gets a plausible documented default. */
export interface FakeContainerSpec {
  id: string;
  name: string;
  image?: string;
  state?: 'running' | 'exited' | 'paused' | 'restarting' | 'created' | 'dead';
  health?: 'healthy' | 'unhealthy' | 'starting' | 'none';
  restartCount?: number;
  /** cgroup v2 stats (inactive_file) unless `cgroup: 1` (total_inactive_file, cache). */
  cgroup?: 1 | 2;
  cpu?: { total: number; preTotal: number; system: number; preSystem: number; onlineCpus: number };
  memory?: { usage: number; inactiveFile: number; limit: number };
}

/** Builds documented-shape bodies for one container. */
export function fakeContainer(spec: FakeContainerSpec): FakeContainer {
  const state = spec.state ?? 'running';
  const running = state === 'running';
  const image = spec.image ?? 'nginx:1.27';
  const created = '2024-05-01T10:00:00.000000000Z';
  const summary = {
    Id: spec.id,
    Names: [`/${spec.name}`],
    Image: image,
    ImageID: `sha256:${'ab'.repeat(32)}`,
    Command: 'docker-entrypoint.sh',
    Created: 1714557600,
    Ports: [],
    Labels: {},
    State: state,
    Status: running
      ? `Up 2 hours${spec.health && spec.health !== 'none' ? ` (${spec.health})` : ''}`
      : 'Exited (1) 5 minutes ago',
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
  const inspect = {
    Id: spec.id,
    Created: created,
    Path: 'docker-entrypoint.sh',
    Args: [],
    State: {
      Status: state,
      Running: running,
      Paused: state === 'paused',
      Restarting: state === 'restarting',
      OOMKilled: false,
      Dead: state === 'dead',
      Pid: running ? 4242 : 0,
      ExitCode: running ? 0 : 1,
      Error: '',
      StartedAt: created,
      FinishedAt: '0001-01-01T00:00:00Z',
      ...(spec.health
        ? { Health: { Status: spec.health, FailingStreak: spec.health === 'unhealthy' ? 3 : 0, Log: [] } }
        : {}),
    },
    Image: summary.ImageID,
    Name: `/${spec.name}`,
    RestartCount: spec.restartCount ?? 0,
    Driver: 'overlay2',
    Platform: 'linux',
    Config: { Hostname: spec.id.slice(0, 12), Image: image, Labels: {} },
    HostConfig: { NetworkMode: 'bridge', RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 } },
  };
  const cpu = spec.cpu ?? {
    total: 2_000_000,
    preTotal: 1_000_000,
    system: 20_000_000,
    preSystem: 10_000_000,
    onlineCpus: 2,
  };
  const memory = spec.memory ?? { usage: 50_000_000, inactiveFile: 10_000_000, limit: 2_000_000_000 };
  const memStats =
    spec.cgroup === 1
      ? {
          cache: memory.inactiveFile,
          total_inactive_file: memory.inactiveFile,
          inactive_file: memory.inactiveFile,
          rss: memory.usage - memory.inactiveFile,
        }
      : {
          anon: memory.usage - memory.inactiveFile,
          file: memory.inactiveFile,
          inactive_file: memory.inactiveFile,
          active_file: 0,
        };
  const cpuStats = (total: number, system: number) => ({
    cpu_usage: {
      total_usage: total,
      usage_in_kernelmode: Math.floor(total / 3),
      usage_in_usermode: total - Math.floor(total / 3),
    },
    system_cpu_usage: system,
    online_cpus: cpu.onlineCpus,
    throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
  });
  const stats = running
    ? {
        id: spec.id,
        name: `/${spec.name}`,
        read: '2024-05-01T12:00:01.000000000Z',
        preread: '2024-05-01T12:00:00.000000000Z',
        pids_stats: { current: 3 },
        blkio_stats: { io_service_bytes_recursive: [] },
        num_procs: 0,
        storage_stats: {},
        cpu_stats: cpuStats(cpu.total, cpu.system),
        precpu_stats: cpuStats(cpu.preTotal, cpu.preSystem),
        memory_stats: { usage: memory.usage, stats: memStats, limit: memory.limit },
        networks: {
          eth0: {
            rx_bytes: 5338,
            rx_dropped: 0,
            rx_errors: 0,
            rx_packets: 36,
            tx_bytes: 648,
            tx_dropped: 0,
            tx_errors: 0,
            tx_packets: 8,
          },
        },
      }
    : undefined;
  return { summary, inspect, ...(stats ? { stats } : {}) };
}

/** A running fake engine; `requests` lists every path it was asked for (version prefix removed). */
export interface FakeDocker {
  socketPath: string;
  requests: string[];
  close(): Promise<void>;
}

/**
 * Starts a fake Docker Engine API on a unix socket in a fresh temp dir. Paths may carry the
 * `/v1.xx` prefix dockerode adds when given a version; both forms are served.
 */
export async function startFakeDocker(containers: FakeContainer[]): Promise<FakeDocker> {
  const dir = await mkdtemp(join(tmpdir(), 'soloops-fake-docker-'));
  const socketPath = join(dir, 'docker.sock');
  const requests: string[] = [];
  const server = createServer((req, res) => handle(req, res, containers, requests));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    socketPath,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function handle(req: IncomingMessage, res: ServerResponse, containers: FakeContainer[], requests: string[]): void {
  const url = new URL(req.url ?? '/', 'http://docker');
  const path = url.pathname.replace(/^\/v\d+\.\d+(?=\/)/, '');
  requests.push(path + url.search);
  res.setHeader('Api-Version', '1.45');
  res.setHeader('Docker-Experimental', 'false');
  res.setHeader('Server', 'Docker/26.1.0 (linux)');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    json(res, 405, { message: `fake engine: ${req.method} not supported` });
    return;
  }

  if (path === '/_ping') {
    res.writeHead(200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-cache, no-store, must-revalidate',
    });
    return void res.end('OK');
  }
  if (path === '/version') {
    json(res, 200, {
      Version: '26.1.0',
      ApiVersion: '1.45',
      MinAPIVersion: '1.24',
      Os: 'linux',
      Arch: 'amd64',
      KernelVersion: '6.1.0',
    });
    return;
  }
  if (path === '/containers/json') {
    const all = url.searchParams.get('all') === 'true' || url.searchParams.get('all') === '1';
    const listed = containers.filter((c) => all || c.summary.State === 'running').map((c) => c.summary);
    json(res, 200, listed);
    return;
  }
  const match = /^\/containers\/([^/]+)\/(json|stats)$/.exec(path);
  const container = match && containers.find((c) => c.summary.Id === match[1] || c.summary.Id.startsWith(match[1]!));
  if (!match || !container) {
    json(res, 404, { message: match ? `No such container: ${match[1]}` : `page not found` });
    return;
  }
  if (match[2] === 'json') {
    json(res, 200, container.inspect);
    return;
  }
  if (url.searchParams.get('stream') !== 'false' && url.searchParams.get('stream') !== '0') {
    json(res, 400, { message: 'fake engine: only stream=false stats are supported' });
    return;
  }
  // A stopped container's stats on a real engine are all zeros; the fixture's absence stands for that.
  json(
    res,
    200,
    container.stats ?? { read: '0001-01-01T00:00:00Z', cpu_stats: {}, precpu_stats: {}, memory_stats: {} },
  );
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
