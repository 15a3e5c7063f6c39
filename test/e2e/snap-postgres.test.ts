import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { makeSandbox, runCli } from '../helpers/cli.js';

let server: RunningPostgres | { skip: string };
beforeAll(async () => {
  server = await startPostgres();
  if ('skip' in server) console.warn(`skipping PostgreSQL CLI tests: ${server.skip}`);
});
afterAll(async () => {
  if (server && !('skip' in server)) await server.stop();
});

describe('soloops --db postgres://…', () => {
  it('records the snapshot summary in PostgreSQL', async (context) => {
    if ('skip' in server) return context.skip();
    const sandbox = makeSandbox();
    try {
      const result = await runCli(['--db', server.url, 'snap', '--format', 'csv'], { sandbox });
      expect(result.exitCode, result.stderr).toBe(0);
      const env = await runCli(['snap', '--format', 'csv'], { sandbox, env: { SOLOOPS_DB_URL: server.url } });
      expect(env.exitCode, env.stderr).toBe(0);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query('select host, cpu_pct from snapshots');
      await client.end();
      expect(rows).toHaveLength(2);
    } finally {
      sandbox.cleanup();
    }
  });

  it('fails with exit 1, the address and no password when the server is unreachable', async (context) => {
    if ('skip' in server) return context.skip();
    const sandbox = makeSandbox();
    try {
      const port = await freePort();
      const result = await runCli(['--db', `postgres://soloops:s3cret-pw@127.0.0.1:${port}/soloops`, 'snap'], {
        sandbox,
      });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`127.0.0.1:${port}`);
      expect(result.stderr).not.toContain('s3cret-pw');
    } finally {
      sandbox.cleanup();
    }
  });
});
