import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, it } from 'vitest';
import { BODY_LIMIT } from '../../src/watch/http/server.js';
import {
  anyContentType,
  badRequest,
  bodyOf,
  credential,
  deepRequest,
  encodedRequest,
  goodRequest,
  groupRequest,
  sizedRequest,
  spec,
  structuredRequest,
  type RequestSpec,
} from '../helpers/fuzz-arbitraries.js';
import { createDatabase, startPostgres } from '../helpers/postgres.js';
import { eventually, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// Property-based fuzzing of `soloops watch`'s webhook endpoint (issue 13, "keep it fixed"). Each
// property posts generated requests to an in-process daemon on loopback and checks, per request:
//   1. never a 5xx (503 is for a store outage, and none is induced here);
//   2. the daemon never crashes and keeps answering /healthz;
//   3. nothing pollutes Object.prototype and friends (the daemon runs in this process);
//   4. every id in a 202 is in the store at once (inbox or alerts), and at the end of the property
//      the pipeline has triaged every one of them (none stuck in the inbox or dead-lettered);
//   5. a bad request never fails a good one sent at the same time;
//   6. a refused request stores nothing: the row count does not move and its marker is nowhere;
//   7. statuses are 202, 400, 401, 404, 413 or 429, and every 4xx body is JSON with an `error` string.
// Deterministic in CI (fixed seed, modest runs). A long run: SOLOOPS_FUZZ_RUNS=5000, and
// SOLOOPS_FUZZ_SEED=<n> for another seed. fast-check prints the seed, the path and the shrunk request.

const SEED = Number(process.env.SOLOOPS_FUZZ_SEED ?? 20_261_122);
const LONG = process.env.SOLOOPS_FUZZ_RUNS ? Number(process.env.SOLOOPS_FUZZ_RUNS) : null;
const TIMEOUT = LONG ? 24 * 3_600_000 : 180_000;
// A run that hangs fails on its own (timeout); a property that runs out of time (say, shrinking a
// failure whose every step waits for the pipeline) reports what it has instead of a bare test timeout.
const options = (ciRuns: number): fc.Parameters<unknown> => ({
  seed: SEED,
  numRuns: LONG ?? ciRuns,
  timeout: 60_000,
  interruptAfterTimeLimit: TIMEOUT - 30_000,
  markInterruptAsFailure: true,
});
if (LONG) console.log(`watch fuzz: ${LONG} runs per property, seed ${SEED}`);

const OPEN = 'watch: {rate_limit: {max: 100000000, window: 1h}}\n';
const TOKEN = 'fz+tok/en=9~Q';
const GUARDED =
  'watch:\n  rate_limit: {max: 100000000, window: 1h}\n  auth:\n    default: {token: {env: FUZZ_TOKEN}}\n';
const ALLOWED = new Set([202, 400, 401, 404, 413, 429]);

// ---------------------------------------------------------------------------------------------
// The store, read the same way on SQLite and PostgreSQL

interface Db {
  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** Writes, for the harness only: clearing a poisoned inbox so the next run is judged on its own. */
  exec(sql: string): Promise<void>;
  /** A subquery of the ids in a JSON array parameter. */
  idList: string;
  /** Whether the dead_letters table exists (quarantined alerts count as stored, not as triaged). */
  deadLetters: boolean;
  close(): Promise<void>;
}

function sqliteDb(d: InProcessDaemon): Db {
  const deadLetters =
    d.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'dead_letters'").length > 0;
  const exec = async (sql: string) => {
    const db = new Database(path.join(d.home, 'soloops.db'), { fileMustExist: true, timeout: 10_000 });
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  };
  return {
    rows: async (sql, ...params) => d.query(sql, ...params),
    exec,
    idList: 'SELECT value FROM json_each(?)',
    deadLetters,
    close: async () => undefined,
  };
}

async function postgresDb(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const rows = async <T>(sql: string, ...params: unknown[]) => {
    let n = 0;
    return (
      await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  };
  const [found] = await rows<{ t: string | null }>("SELECT to_regclass('dead_letters')::text AS t");
  return {
    rows,
    exec: async (sql) => void (await pool.query(sql)),
    idList: 'SELECT json_array_elements_text(?::json)',
    deadLetters: found?.t != null,
    close: () => pool.end(),
  };
}

const one = async (db: Db, sql: string, ...params: unknown[]) =>
  Number((await db.rows<{ n: unknown }>(sql, ...params))[0]!.n);
const stored = (db: Db) =>
  one(
    db,
    'SELECT (SELECT count(*) FROM alerts) + (SELECT count(*) FROM inbox)' +
      `${db.deadLetters ? ' + (SELECT count(*) FROM dead_letters)' : ''} AS n`,
  );
function withMarker(db: Db, marker: string): Promise<number> {
  const like = `%${marker}%`;
  const dead = db.deadLetters ? ' + (SELECT count(*) FROM dead_letters WHERE alert LIKE ?)' : '';
  return one(
    db,
    'SELECT (SELECT count(*) FROM inbox WHERE alert LIKE ?) + ' +
      '(SELECT count(*) FROM alerts WHERE raw LIKE ? OR title LIKE ? OR body LIKE ? OR labels LIKE ?)' +
      `${dead} AS n`,
    ...Array(db.deadLetters ? 6 : 5).fill(like),
  );
}
async function present(db: Db, ids: string[]): Promise<Set<string>> {
  const tables = ['inbox', 'alerts', ...(db.deadLetters ? ['dead_letters'] : [])];
  const sql = tables.map((t) => `SELECT id FROM ${t} WHERE id IN (${db.idList})`).join(' UNION ');
  return new Set((await db.rows<{ id: string }>(sql, ...tables.map(() => JSON.stringify(ids)))).map((r) => r.id));
}

// ---------------------------------------------------------------------------------------------
// One daemon per property

interface Target {
  d: InProcessDaemon;
  db: Db;
  /** Every id answered 202, with the request it came from (to name the culprit if one never drains). */
  accepted: Map<string, RequestSpec>;
  /** Uncaught exceptions and unhandled rejections while the property ran: each would kill a real daemon. */
  crashes: string[];
}

/**
 * A data folder on tmpfs where there is one: the daemon syncs each commit, and the fuzz run is about
 * input, not disks.
 */
function dataDir(): string {
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  return fs.mkdtempSync(path.join(base, 'soloops-fuzz-'));
}

async function withDaemon(
  config: string,
  env: Record<string, string>,
  body: (t: Target) => Promise<void>,
  dbUrl?: string,
): Promise<void> {
  const crashes: string[] = [];
  const onCrash = (error: unknown) => crashes.push(String((error as Error)?.stack ?? error));
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const d = await startDaemon(config, { env: dbUrl ? { ...env, SOLOOPS_DB_URL: dbUrl } : env, dir: dataDir() });
  const db = dbUrl ? await postgresDb(dbUrl) : sqliteDb(d);
  const target: Target = { d, db, accepted: new Map(), crashes };
  try {
    await body(target);
    await drained(target);
  } finally {
    await db.close();
    await d.stop();
    process.removeListener('uncaughtException', onCrash);
    process.removeListener('unhandledRejection', onCrash);
  }
}

// ---------------------------------------------------------------------------------------------
// Requests and invariants

/** The fields of an answer's body the invariants read; undefined when the body is not JSON. */
type AnswerJson = { ids?: unknown; accepted?: unknown; error?: unknown; confirmed?: unknown } | null | undefined;

interface Answer {
  spec: RequestSpec;
  status: number;
  text: string;
  json: AnswerJson;
  marker: string;
  bytes: number;
  ids: string[];
  /** Log lines written while this request was in flight. */
  logs: string[];
}

async function send(
  d: InProcessDaemon,
  spec: RequestSpec,
  extra: { headers?: Record<string, string>; query?: string } = {},
): Promise<Answer> {
  const marker = randomUUID();
  const body = bodyOf(spec, marker);
  const headers: Record<string, string> = { ...spec.headers, ...extra.headers };
  if (spec.contentType !== null) headers['content-type'] = spec.contentType;
  const from = d.logs().length;
  const payload = spec.chunked
    ? new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < body.length; i += 65_536) c.enqueue(new Uint8Array(body.subarray(i, i + 65_536)));
          c.close();
        },
      })
    : new Uint8Array(body);
  let response: Response;
  try {
    response = await fetch(`${d.url}${spec.path}${extra.query ?? ''}`, {
      method: 'POST',
      headers,
      body: payload,
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    throw new Error(
      `invariant 2: no answer to ${spec.kind} (${body.length} bytes): ${(error as Error).message} ` +
        `${String((error as { cause?: unknown }).cause ?? '')}\n${errorLines(d.logs().slice(from))}`,
    );
  }
  const text = await response.text();
  let json: AnswerJson;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const ids = response.status === 202 && Array.isArray(json?.ids) ? (json.ids as string[]) : [];
  return { spec, status: response.status, text, json, marker, bytes: body.length, ids, logs: d.logs().slice(from) };
}

/** The daemon's warnings and errors, minus the WAKE notices a critical alert writes when no channel is configured. */
function errorLines(lines: string[]): string {
  return lines
    .filter((l) => /"level":(40|50|60)/.test(l) && !l.includes('WAKE:'))
    .map((l) => l.slice(0, 600))
    .join('\n');
}

function fail(invariant: string, a: Answer, detail = ''): never {
  throw new Error(
    `${invariant}: ${a.spec.kind} → ${a.status} ${a.text.slice(0, 300)} (${a.bytes} bytes)` +
      `${detail ? `\n${detail}` : ''}\n${errorLines(a.logs)}`,
  );
}

/**
 * 200 is right only for an SNS SubscriptionConfirmation while confirming is off (server.ts answers it,
 * stores nothing).
 */
const allowed = (a: Answer) => ALLOWED.has(a.status) || (a.status === 200 && a.json?.confirmed === false);

/** Invariants 1, 4 (first half), 6 and 7 for one answer; `counts` are the stored rows around it when it was alone. */
async function check(t: Target, a: Answer, counts?: { before: number; after: number }): Promise<void> {
  if (a.status >= 500) fail('invariant 1 (no 5xx)', a);
  if (!allowed(a)) fail('invariant 7 (status)', a);
  if (a.status >= 400 && typeof a.json?.error !== 'string')
    fail('invariant 7 (4xx body is JSON with an error string)', a);
  if (a.status === 202) {
    if (!Array.isArray(a.json?.ids) || a.json.accepted !== a.ids.length || !a.ids.every((id) => typeof id === 'string'))
      fail('invariant 4 (202 names its ids)', a);
    const found = await present(t.db, a.ids);
    const missing = a.ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      // Stored before 2xx is the contract; tell "answered before commit" from "lost".
      const late = await eventually(async () => (await present(t.db, missing)).size === missing.length, 5_000).then(
        () => true,
        () => false,
      );
      fail(
        'invariant 4 (every id of a 202 is stored)',
        a,
        `${missing.length} of ${a.ids.length} ids ${late ? 'appeared only after the 202' : 'never stored'}`,
      );
    }
    for (const id of a.ids) t.accepted.set(id, a.spec);
  } else if ((await withMarker(t.db, a.marker)) > 0)
    fail('invariant 6 (a refused request stores nothing)', a, 'its marker is in the store');
  if (counts && counts.after - counts.before !== a.ids.length) {
    fail(
      a.status === 202 ? 'invariant 4 (stored rows = ids)' : 'invariant 6 (a refused request stores nothing)',
      a,
      `${counts.after - counts.before} rows stored, ${a.ids.length} ids answered`,
    );
  }
}

const PROTOTYPES = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
  String: String.prototype,
  Number: Number.prototype,
  Boolean: Boolean.prototype,
};
type ProtoState = Record<string, Array<[string, unknown, unknown]>>;
function prototypeState(): ProtoState {
  return Object.fromEntries(
    Object.entries(PROTOTYPES).map(([name, p]) => [
      name,
      Reflect.ownKeys(p).map((k) => {
        const d = Object.getOwnPropertyDescriptor(p, k)!;
        return [String(k), d.value ?? d.get, d.set] as [string, unknown, unknown];
      }),
    ]),
  );
}
const pristine = prototypeState();

/** Invariants 2 and 3, after every run. */
async function alive(t: Target, after: string): Promise<void> {
  const running = (t.d as { running?: () => boolean }).running;
  if (running && !running())
    throw new Error(
      `invariant 2: the daemon stopped after ${after}\n${errorLines(t.d.logs()).split('\n').slice(-5).join('\n')}`,
    );
  if (t.crashes.length > 0) throw new Error(`invariant 2: uncaught error after ${after}: ${t.crashes.join('\n')}`);
  let health: Response;
  try {
    health = await fetch(`${t.d.url}/healthz`);
  } catch (error) {
    throw new Error(`invariant 2: /healthz does not answer after ${after}: ${(error as Error).message}`);
  }
  const body = (await health.json().catch(() => null)) as { status?: string } | null;
  if (health.status !== 200 || body?.status !== 'ok')
    throw new Error(`invariant 2: /healthz answered ${health.status} ${JSON.stringify(body)} after ${after}`);
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || Object.keys(probe).length > 0)
    throw new Error(`invariant 3: ({}).polluted is ${String(probe.polluted)} after ${after}`);
  const now = prototypeState();
  for (const [name, entries] of Object.entries(now)) {
    const before = pristine[name]!;
    const same =
      entries.length === before.length &&
      entries.every(
        ([k, v, s], j) => before[j]![0] === k && Object.is(before[j]![1], v) && Object.is(before[j]![2], s),
      );
    if (!same)
      throw new Error(
        `invariant 3: ${name}.prototype changed after ${after}: ${
          entries
            .map(([k]) => k)
            .filter((k) => !before.some(([b]) => b === k))
            .join(', ') || 'a property was replaced'
        }`,
      );
  }
}

/** One request alone: stored rows counted before and after, every invariant checked. */
async function exchange(t: Target, spec: RequestSpec, extra?: Parameters<typeof send>[2]): Promise<Answer> {
  const before = await stored(t.db);
  const a = await send(t.d, spec, extra);
  await check(t, a, { before, after: await stored(t.db) });
  await triaged(t, [a]);
  await alive(t, spec.kind);
  return a;
}

/** Polls `check` every 10 ms until it is true or `ms` have passed. */
async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Invariant 4, second half, per run: the answer's alerts are triaged into the alerts table. When
 * they are not, the inbox is emptied before failing: a poisoned row would otherwise block every
 * later run, and fast-check would shrink towards whatever it tried next instead of the culprit.
 */
async function triaged(t: Target, answers: Answer[]): Promise<void> {
  const ids = answers.flatMap((a) => a.ids);
  if (ids.length === 0) return;
  const count = () => one(t.db, `SELECT count(*) AS n FROM alerts WHERE id IN (${t.db.idList})`, JSON.stringify(ids));
  if (await until(async () => (await count()) === ids.length, 10_000)) return;
  const dead = t.db.deadLetters
    ? await t.db.rows<{ id: string; error: string }>(
        `SELECT id, error FROM dead_letters WHERE id IN (${t.db.idList})`,
        JSON.stringify(ids),
      )
    : [];
  const waiting = await one(t.db, `SELECT count(*) AS n FROM inbox WHERE id IN (${t.db.idList})`, JSON.stringify(ids));
  await t.db.exec('DELETE FROM inbox');
  const culprit =
    answers.find((a) => a.ids.some((id) => dead.some((r) => r.id === id))) ?? answers.find((a) => a.ids.length > 0)!;
  fail(
    'invariant 4 (the pipeline triages every accepted alert)',
    culprit,
    `${waiting} still in the inbox after 10 s, ${dead.length} dead-lettered${dead[0] ? ` (${dead[0].error})` : ''}\n` +
      errorLines(t.d.logs()).split('\n').slice(-3).join('\n'),
  );
}

/**
 * Invariant 4, second half: every accepted alert is triaged into the alerts table, none left in the
 * inbox or dead-lettered.
 */
async function drained(t: Target): Promise<void> {
  const ids = [...t.accepted.keys()];
  if (ids.length === 0) return;
  const inAlerts = () =>
    one(t.db, `SELECT count(*) AS n FROM alerts WHERE id IN (${t.db.idList})`, JSON.stringify(ids));
  const done = await eventually(async () => (await inAlerts()) === ids.length, 30_000).then(
    () => true,
    () => false,
  );
  if (done) return;
  const triaged = new Set(
    (await t.db.rows<{ id: string }>(`SELECT id FROM alerts WHERE id IN (${t.db.idList})`, JSON.stringify(ids))).map(
      (r) => r.id,
    ),
  );
  const dead = t.db.deadLetters
    ? await t.db.rows<{ id: string; error: string }>(
        `SELECT id, error FROM dead_letters WHERE id IN (${t.db.idList})`,
        JSON.stringify(ids),
      )
    : [];
  const inbox = await t.db.rows<{ id: string }>(
    `SELECT id FROM inbox WHERE id IN (${t.db.idList}) ORDER BY seq LIMIT 3`,
    JSON.stringify(ids),
  );
  const culprits = [
    ...dead.map((r) => ({ id: r.id, where: `dead letter (${r.error})` })),
    ...inbox.map((r) => ({ id: r.id, where: 'still in the inbox' })),
  ].slice(0, 3);
  throw new Error(
    `invariant 4: ${ids.length - triaged.size} of ${ids.length} accepted alerts were never triaged; the first:\n` +
      `${culprits.map((c) => `${c.where}: ${fc.stringify(t.accepted.get(c.id))}`).join('\n')}\n` +
      errorLines(t.d.logs()).split('\n').slice(-5).join('\n'),
  );
}

/** A property over single requests, each checked alone; `also` adds what that family must do besides. */
function sequential(
  arbitrary: fc.Arbitrary<RequestSpec>,
  runs: number,
  t: Target,
  also?: (a: Answer) => void | Promise<void>,
) {
  return fc.assert(
    fc.asyncProperty(arbitrary, async (spec) => {
      const a = await exchange(t, spec);
      await also?.(a);
    }),
    options(runs),
  );
}

// ---------------------------------------------------------------------------------------------

describe('soloops watch under fuzzing (fast-check)', () => {
  it(
    'payloads of every source with random structure, arrays and NDJSON, any route',
    () => withDaemon(OPEN, {}, (t) => sequential(structuredRequest, 100, t)),
    TIMEOUT,
  );

  it(
    'a valid body is read whatever its Content-Type header says, malformed ones included',
    () =>
      withDaemon(OPEN, {}, (t) =>
        fc.assert(
          fc.asyncProperty(goodRequest, anyContentType, async (spec, type) => {
            const a = await exchange(t, {
              ...spec,
              kind: `${spec.kind} as ${JSON.stringify(type)}`,
              contentType: type,
            });
            // server.ts takes every content type as raw bytes (senders label JSON text/plain, or nothing).
            if (a.status !== 202) fail('a valid body is 202 whatever its Content-Type', a);
          }),
          options(40),
        ),
      ),
    TIMEOUT,
  );

  it('values nested up to 20,000 deep', () => withDaemon(OPEN, {}, (t) => sequential(deepRequest(), 50, t)), TIMEOUT);

  it(
    'invalid UTF-8, NUL, lone surrogates, BOMs and CRLF',
    () => withDaemon(OPEN, {}, (t) => sequential(encodedRequest, 100, t)),
    TIMEOUT,
  );

  it(
    'bodies up to 1 MB are taken, one byte more is 413, chunked or not',
    () =>
      withDaemon(OPEN, {}, (t) =>
        sequential(sizedRequest(BODY_LIMIT), 12, t, (a) => {
          const expected = a.bytes > BODY_LIMIT ? 413 : 202;
          if (a.status !== expected) fail(`a valid ${a.bytes}-byte body is ${expected}`, a);
        }),
      ),
    TIMEOUT,
  );

  it(
    'a bad request never fails a good one sent at the same time',
    () =>
      withDaemon(OPEN, {}, (t) => {
        const good = goodRequest.map((spec) => ({ spec, good: true }));
        const bad = badRequest(BODY_LIMIT).map((spec) => ({ spec, good: false }));
        // At least one of each, then up to six more of either, all sent at once.
        const batch = fc
          .tuple(good, bad, fc.array(fc.oneof(good, bad), { maxLength: 6 }))
          .map(([g, b, more]) => [g, b, ...more]);
        return fc.assert(
          fc.asyncProperty(batch, async (requests) => {
            const before = await stored(t.db);
            const answers = await Promise.all(requests.map((r) => send(t.d, r.spec)));
            for (const [i, a] of answers.entries()) {
              if (requests[i]!.good && a.status !== 202)
                fail(
                  'invariant 5 (a good request beside bad ones is 202)',
                  a,
                  `sent with: ${requests
                    .filter((_, j) => j !== i)
                    .map((r) => r.spec.kind)
                    .join('; ')}`,
                );
              await check(t, a);
            }
            const delta = (await stored(t.db)) - before;
            const answered = answers.reduce((n, a) => n + a.ids.length, 0);
            if (delta !== answered)
              throw new Error(
                `invariant 6: ${delta} rows stored for ${answered} accepted ids ` +
                  `(${answers.map((a) => `${a.spec.kind} → ${a.status}`).join('; ')})`,
              );
            await triaged(t, answers);
            await alive(t, requests.map((r) => r.spec.kind).join('; '));
          }),
          options(30),
        );
      }),
    TIMEOUT,
  );

  it(
    'Alertmanager and Grafana groups store in proportion to their body, not body × members',
    () =>
      withDaemon(OPEN, {}, (t) =>
        sequential(groupRequest, 30, t, async (a) => {
          // Past the body or alert-count limit: refused, and check() saw it stored nothing.
          if (a.status === 413) return;
          if (a.status !== 202) fail('a valid group is accepted', a);
          const ids = JSON.stringify(a.ids);
          const bytes = await one(
            t.db,
            `SELECT (SELECT coalesce(sum(length(alert)), 0) FROM inbox WHERE id IN (${t.db.idList})) + ` +
              '(SELECT coalesce(sum(length(raw) + length(title) + length(body) + length(labels)), 0) ' +
              `FROM alerts WHERE id IN (${t.db.idList})) AS n`,
            ids,
            ids,
          );
          // Each alert keeps its own fields and a copy of what it came in: a bounded multiple of the body
          // plus a per-alert allowance is linear. A copy of the whole group (or of its shared part) per member is not.
          const bound = 16 * a.bytes + 4_096 * a.ids.length;
          if (bytes > bound)
            fail(
              'storage grows linearly with the body',
              a,
              `${bytes} bytes stored for ${a.ids.length} alerts from a ${a.bytes}-byte body, ` +
                `${Math.round(bytes / a.ids.length)} per alert (bound ${bound}: 16 × the body + 4 KB an alert)`,
            );
        }),
      ),
    TIMEOUT,
  );

  it(
    'with a token configured: without the right token, 401 and nothing stored; with it, as an open daemon',
    () =>
      withDaemon(GUARDED, { FUZZ_TOKEN: TOKEN }, (t) => {
        const request = fc.oneof(
          goodRequest.map((spec) => ({ spec, good: true })),
          structuredRequest.map((spec) => ({ spec, good: false })),
        );
        return fc.assert(
          fc.asyncProperty(request, credential(TOKEN), async ({ spec, good }, cred) => {
            const labelled = {
              ...spec,
              kind: `${spec.kind} with ${cred.kind} (${JSON.stringify(cred.headers)} ${cred.query})`,
            };
            const a = await exchange(t, labelled, { headers: cred.headers, query: cred.query });
            if (cred.expect === 'refused' && a.status === 202) fail('no valid token, yet accepted', a);
            if (cred.expect === 'refused' && good && a.status !== 401)
              fail('a valid payload without a valid token is 401', a);
            if (cred.expect === 'accepted' && good && a.status !== 202)
              fail('a valid payload with the right token is 202', a);
          }),
          options(80),
        );
      }),
    TIMEOUT,
  );

  it(
    'refused bodies leave nothing behind in memory (each with its own 256 KB key)',
    () =>
      withDaemon(OPEN, {}, async (t) => {
        // The daemon shares this process; a forced collection shows what it keeps, not what is merely garbage yet.
        v8.setFlagsFromString('--expose-gc');
        const gc = vm.runInNewContext('gc') as () => void;
        const heap = () => {
          gc();
          gc();
          return process.memoryUsage().heapUsed;
        };
        const key = (i: number) => `k${i}-${'x'.repeat(256 * 1024)}`;
        for (let i = 0; i < 5; i++) await send(t.d, spec('warm-up', [{ [key(i)]: 1 }]));
        const before = heap();
        for (let i = 5; i < 45; i++) {
          const a = await send(t.d, spec('a body whose only key is 256 KB long', [{ [key(i)]: 1 }]));
          await check(t, a);
        }
        const grown = heap() - before;
        // 40 requests × 256 KB is 10 MB of keys; keeping them (a cache keyed by payload keys) would show here.
        if (grown > 4 * 1024 * 1024)
          throw new Error(
            `invariant 2: the heap kept ${Math.round(grown / 1024 / 1024)} MB after 40 refused 256 KB-key bodies: ` +
              'something caches what senders send (at 1 MB a key and 10,000 keys, that is an out-of-memory crash)',
          );
      }),
    TIMEOUT,
  );

  it(
    'on PostgreSQL: invalid UTF-8, NUL, lone surrogates, BOMs and CRLF',
    async (context) => {
      const server = await startPostgres();
      if ('skip' in server) {
        console.warn(`watch fuzz on PostgreSQL skipped: ${server.skip}`);
        return context.skip();
      }
      try {
        await withDaemon(OPEN, {}, (t) => sequential(encodedRequest, 40, t), await createDatabase(server));
      } finally {
        await server.stop();
      }
    },
    TIMEOUT,
  );
});
