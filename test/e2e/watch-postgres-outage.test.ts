import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { eventually, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// The watch daemon in-process on PostgreSQL, which is killed (`pg_ctl stop -m immediate`) in the
// middle of a webhook burst and started again, several times: the daemon must answer 503 while the
// database is away, 202 again once it is back, lose nothing it answered 202, and never die.

/** Kill/restart rounds; the crash this guards against hit 5 of 6 single tries. */
const ROUNDS = 4;
/** Webhook senders posting at once, so clients are checked out (mid-transaction) when the server dies. */
const SENDERS = 8;
/** Acknowledged alerts between a (re)start and the next kill. */
const ACKS_PER_ROUND = 60;

let server: RunningPostgres | { skip: string };
let target: http.Server;
/** What would have killed a real daemon process: any uncaught exception or unhandled rejection. */
const crashes: string[] = [];
const onUncaught = (error: unknown) => crashes.push(`uncaughtException: ${(error as Error)?.stack ?? String(error)}`);
const onUnhandled = (error: unknown) => crashes.push(`unhandledRejection: ${(error as Error)?.stack ?? String(error)}`);

beforeAll(async () => {
  // synchronous_commit on: a commit answered before the kill must survive it, as on a real server.
  server = await startPostgres({ durableCommits: true });
  if ('skip' in server) console.warn(`skipping the PostgreSQL outage test: ${server.skip}`);
  // A health check's target, so check results are being recorded when the database goes away.
  target = http.createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.removeListener('uncaughtException', onUncaught);
  process.removeListener('unhandledRejection', onUnhandled);
  await new Promise((resolve) => target?.close(resolve));
  if (server && !('skip' in server)) await server.stop();
});

interface Answer {
  status: number | string;
  ids: string[];
  /** The round whose outage had begun (server killed) when the request was sent; -1: none. */
  sentDuring: number;
}

/** Senders that post until stopped, backing off a little after a refusal as real senders do. */
function burst(url: string, outage: () => number) {
  const answers: Answer[] = [];
  let stopped = false;
  let n = 0;
  const sender = async () => {
    while (!stopped) {
      const i = n++;
      const sentDuring = outage();
      const body = JSON.stringify({
        title: `queue backlog above 10k (#${i % 7})`,
        message: `burst alert ${i}`,
        service: ['payments', 'api'][i % 2],
      });
      let answer: Answer;
      try {
        // A deadline, not a speed test: a request that hangs fails the test with a reason.
        const response = await fetch(`${url}/v1/alerts/generic`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        const json = (await response.json()) as { ids?: string[] };
        answer = { status: response.status, ids: response.status === 202 ? (json.ids ?? []) : [], sentDuring };
      } catch (error) {
        answer = {
          status: String((error as { cause?: { code?: unknown } }).cause?.code ?? (error as Error).name),
          ids: [],
          sentDuring,
        };
      }
      answers.push(answer);
      if (answer.status !== 202) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const running = Promise.all(Array.from({ length: SENDERS }, sender));
  return {
    answers,
    acked: () => answers.filter((a) => a.status === 202).flatMap((a) => a.ids),
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

async function rows<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const countLogs = (d: InProcessDaemon, message: string) => d.logs().filter((line) => line.includes(message)).length;

describe('soloops watch on PostgreSQL: the database goes away and comes back', () => {
  it('answers 503 while it is away, 202 once back, loses nothing acknowledged and never dies', async (context) => {
    if ('skip' in server) return context.skip();
    const pgServer = server;
    const url = await createDatabase(pgServer);
    const { port } = target.address() as AddressInfo;
    const config = [
      'watch:',
      '  rate_limit: { max: 1000000, window: 1m }',
      'checks:',
      `  - { name: target, url: "http://127.0.0.1:${port}/", interval: 200ms, service: web }`,
      '',
    ].join('\n');
    const d = await startDaemon(config, { env: { SOLOOPS_DB_URL: url } });
    let outage = -1;
    const load = burst(d.url, () => outage);
    try {
      await rounds();
      await load.stop();
      expect(d.running()).toBe(true);
      expect(crashes).toEqual([]);
      // Only 202 and 503: no 500, no reset connection, no request past its deadline.
      const statuses = new Set(load.answers.map((a) => a.status));
      expect(
        [...statuses].sort(),
        JSON.stringify(load.answers.filter((a) => a.status !== 202 && a.status !== 503).slice(0, 5)),
      ).toEqual([202, 503]);
      // Every acknowledged alert is stored and the pipeline drains all of them into groups.
      const acked = load.acked();
      expect(new Set(acked).size).toBe(acked.length);
      await eventually(async () => (await rows(url, 'select 1 from inbox')).length === 0, 30_000);
      const grouped = new Set(
        (await rows<{ id: string }>(url, 'select id from alerts where group_id is not null')).map((r) => r.id),
      );
      const lastErrors = () =>
        d
          .logs()
          .filter((line) => line.includes('"level":50'))
          .slice(-5)
          .join('\n');
      expect(
        acked.filter((id) => !grouped.has(id)),
        `acknowledged but not grouped; the daemon's last errors:\n${lastErrors()}`,
      ).toEqual([]);
      expect((await fetch(`${d.url}/healthz`)).status).toBe(200);
    } finally {
      await load.stop();
      await d.stop();
    }

    async function rounds() {
      for (let round = 0; round < ROUNDS; round++) {
        const before = load.acked().length;
        await eventually(() => load.acked().length >= before + ACKS_PER_ROUND, 30_000);
        const steppedDown = countLogs(d, 'no longer the leader');
        const tookOver = countLogs(d, 'became the leader');
        await pgServer.kill();
        outage = round;
        // Webhooks sent while the database is down are refused with 503 (the sender retries) ...
        await eventually(() => load.answers.some((a) => a.sentDuring === round && a.status === 503), 30_000);
        // ... and the daemon, its leadership's session gone with the server, stops leading: the
        // pipeline, the wake ladder and the checks pause (nothing can run without the store).
        await eventually(() => countLogs(d, 'no longer the leader') > steppedDown, 30_000);
        // A supervisor asking /healthz hears that the store is away, and why (never the password).
        const health = await fetch(`${d.url}/healthz`, { signal: AbortSignal.timeout(30_000) });
        const reason = await health.text();
        expect(health.status, reason).toBe(503);
        expect(reason).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1/);
        expect(reason).not.toContain(pgServer.password);
        // An acknowledgement sent now is refused as retryable (503), not dropped as a 500.
        const ack = await fetch(`${d.url}/v1/ack/1`, { method: 'POST', signal: AbortSignal.timeout(30_000) });
        expect(ack.status, await ack.text()).toBe(503);
        expect(d.running(), `round ${round}: the daemon stopped`).toBe(true);
        expect(crashes, `round ${round}`).toEqual([]);
        await pgServer.restart();
        outage = -1;
        // Back, it leads again and resumes them (the inbox drains below).
        await eventually(() => countLogs(d, 'became the leader') > tookOver, 30_000);
        const resumed = load.answers.length;
        await eventually(
          () => load.answers.slice(resumed).some((a) => a.sentDuring === -1 && a.status === 202),
          30_000,
        );
      }
    }
  }, 300_000);
});
