import { spawnSync } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeContainer, startFakeDocker, type FakeDocker } from '../../test/helpers/fake-docker.js';
import { collectDocker } from './docker.js';

describe('collectDocker against a fake engine', () => {
  let engine: FakeDocker;

  beforeAll(async () => {
    engine = await startFakeDocker([
      fakeContainer({
        id: 'a'.repeat(64),
        name: 'web',
        image: 'nginx:1.27',
        health: 'healthy',
        restartCount: 2,
        // system_cpu_usage sums all CPUs: 1 s on 4 CPUs is 4e9 ns. 1.5 s of container CPU → 150 % (1.5 CPUs).
        cpu: {
          total: 3_000_000_000,
          preTotal: 1_500_000_000,
          system: 13_000_000_000,
          preSystem: 9_000_000_000,
          onlineCpus: 4,
        },
        memory: { usage: 300_000_000, inactiveFile: 100_000_000, limit: 1_000_000_000 },
      }),
      fakeContainer({
        id: 'b'.repeat(64),
        name: 'worker',
        image: 'acme/worker:2',
        cgroup: 1,
        // 123.456789 ms of container CPU during 1 s on 2 CPUs (2e9 ns) → 12.3456789 %, shown as 12.3.
        cpu: {
          total: 223_456_789,
          preTotal: 100_000_000,
          system: 3_000_000_000,
          preSystem: 1_000_000_000,
          onlineCpus: 2,
        },
        memory: { usage: 80_000_000, inactiveFile: 30_000_000, limit: 500_000_000 },
      }),
      fakeContainer({
        id: 'c'.repeat(64),
        name: 'migrate',
        image: 'acme/migrate:2',
        state: 'exited',
        health: 'unhealthy',
        restartCount: 5,
      }),
    ]);
  });
  afterAll(async () => engine?.close());

  it('lists every container with health, restarts, CPU and memory', async () => {
    const docker = await collectDocker(engine.socketPath);
    expect(docker.available).toBe(true);
    if (!docker.available) return;
    expect(docker.containers).toEqual([
      {
        id: 'a'.repeat(64),
        name: 'web',
        image: 'nginx:1.27',
        state: 'running',
        health: 'healthy',
        restartCount: 2,
        cpuPct: 150,
        memUsedBytes: 200_000_000,
        memLimitBytes: 1_000_000_000,
      },
      {
        id: 'b'.repeat(64),
        name: 'worker',
        image: 'acme/worker:2',
        state: 'running',
        health: null,
        restartCount: 0,
        cpuPct: 12.3,
        memUsedBytes: 50_000_000,
        memLimitBytes: 500_000_000,
      },
      {
        id: 'c'.repeat(64),
        name: 'migrate',
        image: 'acme/migrate:2',
        state: 'exited',
        health: 'unhealthy',
        restartCount: 5,
        cpuPct: null,
        memUsedBytes: null,
        memLimitBytes: null,
      },
    ]);
  });

  it('asks for stats only of running containers, and only one-off samples', async () => {
    engine.requests.length = 0;
    await collectDocker(`unix://${engine.socketPath}`);
    const stats = engine.requests.filter((path) => path.includes('/stats'));
    expect(stats.sort()).toEqual([
      `/containers/${'a'.repeat(64)}/stats?stream=false`,
      `/containers/${'b'.repeat(64)}/stats?stream=false`,
    ]);
    expect(engine.requests).toContain('/containers/json?all=true');
  });

  it('uses DOCKER_HOST when no socket is given', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${engine.socketPath}`;
    try {
      expect((await collectDocker()).available).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe('collectDocker without an engine', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'soloops-docker-test-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reports a missing socket', async () => {
    const path = join(dir, 'missing.sock');
    expect(await collectDocker(path)).toEqual({
      available: false,
      reason: expect.stringContaining(`no Docker socket at ${path}`),
    });
  });

  it('reports a path that is a plain file', async () => {
    const path = join(dir, 'plain-file.sock');
    await writeFile(path, '');
    expect(await collectDocker(path)).toEqual({ available: false, reason: expect.stringContaining('is not a socket') });
  });

  it('reports a socket nobody listens on any more (crashed daemon)', async () => {
    const path = join(dir, 'stale.sock');
    // A listener killed with SIGKILL leaves its socket file behind, as a crashed dockerd does.
    const script =
      `require('node:net').createServer()` +
      `.listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
    spawnSync(process.execPath, ['-e', script]);
    expect(await collectDocker(path)).toEqual({ available: false, reason: expect.stringContaining('not running') });
  });

  it('gives up on an engine that accepts connections but never answers', async () => {
    const path = join(dir, 'silent.sock');
    const sockets: Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      expect(await collectDocker(path)).toEqual({
        available: false,
        reason: expect.stringContaining('did not answer'),
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
