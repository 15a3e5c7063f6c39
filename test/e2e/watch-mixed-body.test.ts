import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli } from '../helpers/cli.js';
import { post, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// POST /v1/alerts reads what `soloops triage` reads (NDJSON, text lines and documents, mixed), and a
// bad line is reported with its number without losing the good ones. The triage half runs the built CLI.

let d: InProcessDaemon | undefined;
afterEach(async () => {
  await d?.stop();
  d = undefined;
});
const stored = (daemon: InProcessDaemon) =>
  daemon.query<{ n: number }>('SELECT (SELECT count(*) FROM inbox) + (SELECT count(*) FROM alerts) AS n')[0]!.n;

const MIXED = [
  '{"title":"checkout latency high","service":"payments","severity":"warning"}',
  'Dec  4 03:12:01 db-1 postgres[811]: FATAL: too many connections',
  '{"title":"disk 91% full","service":"batch"}',
  '[WARN] cron job nightly-report took 14 min',
  '{"title": "unterminated',
  '{',
  '  "title": "queue depth 12k",',
  '  "service": "worker"',
  '}',
  'kernel: Out of memory: Killed process 4242 (java)',
].join('\n');

describe('POST /v1/alerts with a mixed body', () => {
  it('takes NDJSON and text lines together, as `soloops triage` does; a bad line listed, the rest kept', async () => {
    d = await startDaemon('');
    const answer = await post(`${d.url}/v1/alerts`, MIXED, { 'content-type': 'text/plain' });
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    expect(answer.json.accepted).toBe(6);
    expect(answer.json.ids).toHaveLength(6);
    expect(answer.json.rejected).toEqual([{ line: 5, reason: 'invalid JSON' }]);
    expect(stored(d)).toBe(6);

    // The same input through `soloops triage`: the same alerts, the same line skipped.
    const sandbox = makeSandbox();
    try {
      const triage = await runCli(['--json', 'triage', '--no-store'], { sandbox, input: `${MIXED}\n` });
      expect(triage.stdout.trim().split('\n')).toHaveLength(6);
      expect(triage.stderr).toMatch(/stdin:5: skipped: invalid JSON/);
    } finally {
      sandbox.cleanup();
    }
  });

  it('a line no source takes is rejected alone; with no line left: a 400 listing each, nothing stored', async () => {
    d = await startDaemon('');
    const sentry = await post(`${d.url}/v1/alerts/sentry`, 'just a log line\n{"title": nope', {});
    expect(sentry.status).toBe(400);
    expect(sentry.json.error).toMatch(/^nothing accepted: line 1 of the body: .*\(and 1 more line: see rejected\)$/);
    expect((sentry.json.rejected as Array<{ line: number }>).map((r) => r.line)).toEqual([1, 2]);
    const garbage = await post(`${d.url}/v1/alerts`, '{"title": "unterminated');
    expect(garbage).toMatchObject({
      status: 400,
      json: { error: 'nothing accepted: line 1 of the body: invalid JSON', rejected: [{ line: 1 }] },
    });
    expect(stored(d)).toBe(0);
    // A webhook that one source cannot read, beside one it can: the good one is stored.
    const bad = JSON.stringify({ action: 'triggered', data: 42 });
    const good = JSON.stringify({ action: 'triggered', data: { event: { title: 'TypeError', level: 'error' } } });
    const partial = await post(`${d.url}/v1/alerts/sentry`, `${bad}\n${good}`);
    expect(partial.status, JSON.stringify(partial.json)).toBe(202);
    expect(partial.json).toMatchObject({ accepted: 1, rejected: [{ line: 1 }] });
    expect(stored(d)).toBe(1);
  });
});
