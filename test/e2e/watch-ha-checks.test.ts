import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, freePort, startPostgres } from '../helpers/postgres.js';
import { eventually, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// Issue 17: a daemon that takes over picks up each health check's state from the store, as it is
// at the switch, not as it was when that daemon started. Here the follower started before the
// failures; once it leads, one more failing probe is the threshold's last (3), not its first.

const server = await startPostgres();
if ('skip' in server) console.warn(`skipping the check take-over test: ${server.skip}`);
const daemons: InProcessDaemon[] = [];
afterAll(async () => {
  await Promise.all(daemons.map((d) => (d.running() ? d.stop() : undefined)));
  if (!('skip' in server)) await server.stop();
});

describe('checks across a change of leader', () => {
  it.skipIf('skip' in server)(
    'the new leader resumes a failure streak recorded before it led',
    async () => {
      if ('skip' in server) return;
      const url = await createDatabase(server);
      const db = new pg.Client(url);
      const closed = await freePort(); // nothing listens: every probe fails
      // The leader runs no checks of its own here, so the streak is exactly what the test writes.
      const leader = await startDaemon('watch: {}\n', { env: { SOLOOPS_DB_URL: url, SOLOOPS_NODE: 'a' } });
      daemons.push(leader);
      const follower = await startDaemon(
        'checks:\n' +
          `  - {name: db, url: "tcp://127.0.0.1:${closed}", service: db, severity: critical, ` +
          'failureThreshold: 3, interval: 1m, retryInterval: 1s}\n',
        { env: { SOLOOPS_DB_URL: url, SOLOOPS_NODE: 'b' } },
      );
      daemons.push(follower);
      await db.connect();
      try {
        const health = async (d: InProcessDaemon) => (await (await fetch(`${d.url}/healthz`)).json()).leader;
        expect(await health(follower)).toMatchObject({ node: 'b', leading: false, holder: 'a' });

        // Two failures recorded while a led (the follower probes nothing while it follows).
        const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
        for (const at of [ago(4), ago(2)])
          await db.query(
            `insert into check_results (check_name, at, ok, status, ms, error_type, error)
           values ('db', $1, 0, null, 1, 'connection', 'connect ECONNREFUSED')`,
            [at],
          );

        await leader.stop();
        await eventually(async () => (await health(follower)).leading, 15_000);
        const down = await eventually(async () => {
          const { rows } = await db.query(`select received_at from alerts where title = 'db is down'`);
          return rows[0]?.received_at as Date | undefined;
        }, 20_000);
        const { rows } = await db.query('select count(*)::int as n from check_results where ok = 0 and at <= $1', [
          down,
        ]);
        // 2 before the switch + 1 by the new leader; without the resume it would have needed 3 of its own.
        expect(rows[0].n).toBe(3);
      } finally {
        await db.end();
      }
    },
    60_000,
  );
});
