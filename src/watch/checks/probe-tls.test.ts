import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from './probe.js';
import type { CheckConfig } from './types.js';

const check = (url: string): CheckConfig => ({
  name: 'tls',
  url,
  method: 'GET',
  interval: 60_000,
  timeout: 5_000,
  expect: {},
  service: 'web',
  failureThreshold: 3,
  successThreshold: 2,
});

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const hasOpenssl = openssl.status === 0;
if (!hasOpenssl) console.warn('skipping the self-signed certificate test: the openssl CLI is not on PATH');

describe.skipIf(!hasOpenssl)('runProbe against a self-signed certificate', () => {
  let dir: string;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'soloops-tls-'));
    const made = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { encoding: 'utf8' },
    );
    if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
    const [key, cert] = await Promise.all([readFile(join(dir, 'key.pem')), readFile(join(dir, 'cert.pem'))]);
    server = createServer({ key, cert }, (_req, res) => res.end('ok'));
    port = await listen(server);
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports the untrusted certificate as tls', async () => {
    const result = await runProbe(check(`https://127.0.0.1:${port}/`));
    expect(result).toMatchObject({ ok: false, errorType: 'tls' });
    expect(result.error).toMatch(/self[- ]signed/);
  });
});

describe('runProbe speaking TLS to a plain HTTP server', () => {
  it('reports the failed handshake as tls', async () => {
    const plain = createHttpServer((_req, res) => res.end('ok'));
    const port = await listen(plain);
    try {
      expect(await runProbe(check(`https://127.0.0.1:${port}/`))).toMatchObject({ ok: false, errorType: 'tls' });
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });
});
