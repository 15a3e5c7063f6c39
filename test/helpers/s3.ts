import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// s3rver ships no type declarations; the constructor, run() and close() are all we use.
// @ts-expect-error -- untyped CommonJS module
import S3rver from 's3rver';

/** s3rver's built-in credentials; tests export them into their own process env only. */
export const S3RVER_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' } as const;

/** A running s3rver and the bucket it was started with. */
export interface LocalS3 {
  /** e.g. `http://127.0.0.1:40123`, for `createS3Client({ endpoint })`. */
  endpoint: string;
  bucket: string;
  /** The temp directory s3rver stores objects in (removed by close()). */
  dir: string;
  close(): Promise<void>;
}

/**
 * Starts a real S3-protocol server (s3rver) on 127.0.0.1 with an ephemeral port, a fresh temp
 * directory and one pre-created bucket. Also puts s3rver's credentials into `process.env` so the
 * SDK's standard credential chain finds them — this only affects the test worker process.
 */
export async function startS3(bucket = 'soloops-test'): Promise<LocalS3> {
  Object.assign(process.env, S3RVER_CREDENTIALS);
  const dir = await mkdtemp(join(tmpdir(), 'soloops-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    dir,
    async close() {
      // s3rver proxies httpServer.close(), which waits for keep-alive sockets; drop them first.
      server.httpServer?.closeAllConnections?.();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP proxy that refuses its first N connections. */
export interface FlakyProxy {
  /** e.g. `http://127.0.0.1:40124`. */
  endpoint: string;
  /** How many connections were destroyed on arrival so far. */
  readonly refused: number;
  /** How many connections were piped to the target so far. */
  readonly forwarded: number;
  close(): Promise<void>;
}

/**
 * Starts a TCP proxy on 127.0.0.1 that destroys the first `failFirst` incoming connections at once
 * (the client sees a reset, as when a server is down or restarting) and pipes every later one to
 * `target` (an `http://host:port` endpoint). Deterministic by count, no timers.
 */
export async function startFlakyProxy(target: string, failFirst: number): Promise<FlakyProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let refused = 0;
  let forwarded = 0;
  const server = createServer((client) => {
    if (refused < failFirst) {
      refused += 1;
      // resetAndDestroy sends RST, so the client gets ECONNRESET rather than a clean EOF.
      client.resetAndDestroy();
      return;
    }
    forwarded += 1;
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      // A reset on one side must not crash the test worker; closing the other side is enough.
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${proxyPort}`,
    get refused() {
      return refused;
    },
    get forwarded() {
      return forwarded;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Returns a loopback endpoint whose port was just free, so connections to it are refused. */
export async function closedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
