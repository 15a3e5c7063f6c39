import { stat } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { messageOf } from '../core/errors.js';
import type { ContainerSnapshot, DockerSnapshot } from './types.js';

/** How long the engine gets to answer `/_ping` and the container list before we call it absent. */
const ENGINE_TIMEOUT_MS = 2_000;
/** A real engine's `stats?stream=false` waits for a second sample (~1–2 s), so it gets longer. */
const DETAIL_TIMEOUT_MS = 3_000;
const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * Lists every container on the local Docker engine with health, restarts, CPU and memory.
 * Socket: `socketPath`, else `DOCKER_HOST` (unix:// here; tcp://, ssh:// via dockerode's own
 * parsing), else /var/run/docker.sock. Never throws: an absent, dead or silent engine gives
 * `{ available: false, reason }`, and a container whose details fail keeps null fields.
 */
export async function collectDocker(socketPath?: string, signal?: AbortSignal): Promise<DockerSnapshot> {
  let target: Target;
  try {
    target = chooseTarget(socketPath);
  } catch {
    return {
      available: false,
      reason:
        `cannot understand Docker address ${JSON.stringify(socketPath)} ` +
        '(expected a socket path, unix://… or tcp://host:port)',
    };
  }
  if (target.socketPath) {
    const problem = await socketProblem(target.socketPath);
    if (problem) return { available: false, reason: problem };
  }
  const where = target.where;
  try {
    // Loaded here, not at the top: dockerode costs ~200 ms to import, which this way overlaps
    // the CPU sampling window in collectSnapshot and is skipped entirely when there is no socket.
    const { default: Docker } = await import('dockerode');
    const docker = new Docker(target.options);
    // @types/dockerode omits ping's options; dockerode itself honours abortSignal there.
    await (docker.ping as (opts: { abortSignal: AbortSignal }) => Promise<unknown>).call(docker, {
      abortSignal: deadline(signal, ENGINE_TIMEOUT_MS),
    });
    const list = await docker.listContainers({ all: true, abortSignal: deadline(signal, ENGINE_TIMEOUT_MS) });
    const containers = await Promise.all(list.map((info) => describeContainer(docker, info, signal)));
    return { available: true, containers };
  } catch (error) {
    return { available: false, reason: signal?.aborted ? 'cancelled' : explain(error, where) };
  }
}

type Target = { socketPath?: string; options: Dockerode.DockerOptions; where: string };

function chooseTarget(explicit?: string): Target {
  const chosen = explicit ?? process.env.DOCKER_HOST ?? DEFAULT_SOCKET;
  if (!chosen.includes('://') || chosen.startsWith('unix://')) {
    const socketPath = chosen.replace(/^unix:\/\//, '') || DEFAULT_SOCKET;
    return { socketPath, options: { socketPath }, where: socketPath };
  }
  if (explicit === undefined) {
    // DOCKER_HOST=tcp://, ssh://, npipe://: dockerode reads it (and DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) itself.
    return { options: {}, where: chosen };
  }
  const url = new URL(explicit.replace(/^tcp:/, 'http:'));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported scheme ${url.protocol}`);
  return {
    options: { protocol: url.protocol === 'https:' ? 'https' : 'http', host: url.hostname, port: url.port || 2375 },
    where: explicit,
  };
}

/** Checked before connecting so the reason says what is wrong with the path, not just "ECONNREFUSED". */
async function socketProblem(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isSocket())
      return `${path} is not a socket (is snap.docker_socket or DOCKER_HOST pointing at the right file?)`;
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `no Docker socket at ${path} (Docker is not installed or not running)`;
    if (code === 'EACCES') return `permission denied reading ${path}`;
    return `cannot use ${path}: ${messageOf(error)}`;
  }
}

function explain(error: unknown, where: string): string {
  const err = error as NodeJS.ErrnoException & { statusCode?: number; json?: { message?: string } };
  if (err.code === 'ECONNREFUSED') return `nothing answers on ${where} (the Docker engine is not running)`;
  if (err.code === 'EACCES' || err.code === 'EPERM') {
    return `permission denied on ${where} (add this user to the "docker" group or run with access to the socket)`;
  }
  if (err.code === 'ENOENT') return `no Docker socket at ${where}`;
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return `the Docker engine at ${where} closed the connection`;
  if (err.name === 'AbortError' || err.name === 'TimeoutError' || err.code === 'ETIMEDOUT') {
    return `the Docker engine at ${where} did not answer within ${ENGINE_TIMEOUT_MS / 1000} s`;
  }
  if (err.statusCode)
    return `the Docker engine at ${where} answered HTTP ${err.statusCode}: ${err.json?.message ?? messageOf(error)}`;
  return `cannot reach the Docker engine at ${where}: ${messageOf(error)}`;
}

function deadline(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

async function describeContainer(
  docker: Dockerode,
  info: Dockerode.ContainerInfo,
  signal?: AbortSignal,
): Promise<ContainerSnapshot> {
  const container = docker.getContainer(info.Id);
  const running = info.State === 'running';
  // Fresh option objects per call: dockerode deletes `abortSignal` from the object it is given.
  const [inspect, stats] = await Promise.all([
    container.inspect({ abortSignal: deadline(signal, DETAIL_TIMEOUT_MS) }).catch(() => undefined),
    running
      ? container
          .stats({ stream: false, abortSignal: deadline(signal, DETAIL_TIMEOUT_MS) } as { stream: false })
          .catch(() => undefined)
      : undefined,
  ]);
  const name = (info.Names?.[0] ?? inspect?.Name ?? info.Id.slice(0, 12)).replace(/^\//, '');
  return {
    id: info.Id,
    name,
    image: info.Image,
    state: info.State,
    health: healthOf(inspect),
    restartCount: (inspect as { RestartCount?: number } | undefined)?.RestartCount ?? 0,
    cpuPct: stats ? cpuPercent(stats) : null,
    memUsedBytes: stats ? memoryUsed(stats) : null,
    memLimitBytes: stats?.memory_stats?.limit ?? null,
  };
}

/** The engine reports "none" when the image has no HEALTHCHECK (API ≥ 1.52 in places); both mean null. */
function healthOf(inspect: Dockerode.ContainerInspectInfo | undefined): string | null {
  const status = inspect?.State?.Health?.Status;
  return status && status !== 'none' ? status : null;
}

/** The docker CLI's formula: container CPU time over system CPU time between two samples, × CPUs. */
export function cpuPercent(stats: Dockerode.ContainerStats): number | null {
  const cpu = stats.cpu_stats;
  const pre = stats.precpu_stats;
  // No previous sample (first read, or one-shot): a percentage would be a since-boot average.
  if (!cpu?.cpu_usage || !pre?.cpu_usage || !pre.system_cpu_usage || !cpu.system_cpu_usage) return null;
  const cpuDelta = cpu.cpu_usage.total_usage - pre.cpu_usage.total_usage;
  const systemDelta = cpu.system_cpu_usage - pre.system_cpu_usage;
  const cpus = cpu.online_cpus || cpu.cpu_usage.percpu_usage?.length || 1;
  if (systemDelta <= 0 || cpuDelta <= 0) return 0;
  return Math.round((cpuDelta / systemDelta) * cpus * 1000) / 10;
}

/** The docker CLI's "usage minus page cache": total_inactive_file on cgroup v1, inactive_file on v2. */
export function memoryUsed(stats: Dockerode.ContainerStats): number | null {
  const mem = stats.memory_stats;
  if (typeof mem?.usage !== 'number') return null;
  const v1 = mem.stats?.total_inactive_file;
  if (typeof v1 === 'number' && v1 < mem.usage) return mem.usage - v1;
  const v2 = mem.stats?.inactive_file;
  if (typeof v2 === 'number' && v2 < mem.usage) return mem.usage - v2;
  return mem.usage;
}
