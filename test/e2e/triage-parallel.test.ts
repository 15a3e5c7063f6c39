import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

// A long `--json --no-store` run moves to worker threads after the first 256 KB of input. Its
// output must be exactly what the sequential path (the same run with the store on) writes.
let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

const services = ['payments', 'api', 'worker', 'search'];
const problems = ['is down', 'latency above 2s', 'disk 91% full', 'backup finished', 'error rate 7%'];

function line(i: number): string {
  const service = services[i % services.length]!;
  const problem = problems[(i * 3) % problems.length]!;
  if (i % 3 === 0)
    return JSON.stringify({
      title: `${service} ${problem}`,
      message: `check ${service} host-${i % 13} (${i})`,
      service,
      labels: { n: String(i) },
    });
  if (i % 3 === 1)
    return `Nov 22 03:04:${String(i % 60).padStart(2, '0')} host${i % 9} ${service}[${i}]: ERROR ${problem}`;
  return JSON.stringify({
    title: `[Triggered] ${service} ${problem}`,
    body: `%%%\n${service}\n%%%`,
    alert_type: i % 2 ? 'warning' : 'error',
    alert_transition: 'Triggered',
    event_type: 'query_alert_monitor',
    date: '1700000000000',
    tags: `service:${service}`,
  });
}

/** A pretty-printed Alertmanager group longer than one 64 KB read, so it crosses a block boundary. */
function prettyGroup(): string {
  const alerts = Array.from({ length: 400 }, (_, i) => ({
    status: 'firing',
    labels: { alertname: 'QueueBacklog', severity: 'warning', instance: `q-${i}` },
    annotations: { summary: `queue ${i} backlog` },
    startsAt: '2026-11-22T03:00:00Z',
    endsAt: '0001-01-01T00:00:00Z',
  }));
  return JSON.stringify(
    {
      version: '4',
      status: 'firing',
      receiver: 'soloops',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://am',
      alerts,
    },
    null,
    2,
  );
}

function writeInput(lines: string[]): string {
  const file = path.join(sandbox.dir, 'alerts.ndjson');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Every field but the ones minted per run. */
const comparable = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => {
      const { id, receivedAt, ...rest } = JSON.parse(l) as Record<string, unknown>;
      expect(typeof id).toBe('string');
      expect(typeof receivedAt).toBe('string');
      return rest;
    });

const skipped = (stderr: string) => stderr.split('\n').filter((l) => l.includes('skipped'));

async function bothWays(file: string) {
  const parallel = await runCli(['-v', '--json', 'triage', '--no-store', file], { sandbox });
  const sequential = await runCli(['--json', 'triage', file], { sandbox });
  return { parallel, sequential };
}

describe('soloops triage on a long input (worker threads)', () => {
  it('matches the sequential path: same results, same order, same rejected line numbers', async () => {
    const lines = Array.from({ length: 6000 }, (_, i) => line(i));
    lines[10] = '{"title": "broken early';
    lines[4321] = '{"title": "broken late';
    const file = writeInput(lines);
    const { parallel, sequential } = await bothWays(file);
    expect(parallel.exitCode).toBe(1);
    expect(parallel.stderr).toMatch(/classified on \d+ threads/);
    expect(comparable(parallel.stdout)).toEqual(comparable(sequential.stdout));
    expect(comparable(parallel.stdout)).toHaveLength(5998);
    expect(skipped(parallel.stderr)).toEqual([
      `warning: ${file}:11: skipped: invalid JSON`,
      `warning: ${file}:4322: skipped: invalid JSON`,
    ]);
    expect(skipped(sequential.stderr)).toEqual(skipped(parallel.stderr));
  });

  it('reads a multi-line document crossing a block boundary on the main thread, and everything after it', async () => {
    const head = Array.from({ length: 3000 }, (_, i) => line(i));
    const tail = Array.from({ length: 2000 }, (_, i) => line(3000 + i));
    tail[1500] = 'not json at all {';
    const file = writeInput([...head, ...prettyGroup().split('\n'), ...tail]);
    const { parallel, sequential } = await bothWays(file);
    expect(parallel.exitCode, parallel.stderr).toBe(0);
    const results = comparable(parallel.stdout);
    expect(results).toEqual(comparable(sequential.stdout));
    expect(results).toHaveLength(3000 + 400 + 2000);
    expect(results[3000]).toMatchObject({
      source: 'alertmanager',
      title: expect.stringMatching(/QueueBacklog|queue 0 backlog/),
    });
  });
});

describe("soloops triage on a long input with the person's layers", () => {
  it('gives the same results on worker threads with corrections and a severity_map', async () => {
    fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), 'triage:\n  severity_map:\n    "datadog:error": info\n');
    // One stored alert corrected: its type ("payments is down" from payments) is info from now on.
    const first = await runCli(['--json', 'triage', writeInput([line(0)])], { sandbox });
    expect(first.exitCode, first.stderr).toBe(0);
    const { id, title } = JSON.parse(first.stdout) as { id: string; title: string };
    expect(title).toBe('payments is down');
    const feedback = await runCli(['triage', 'feedback', id.slice(0, 8), 'wrong', '--severity', 'info'], { sandbox });
    expect(feedback.exitCode, feedback.stderr).toBe(0);

    const file = writeInput(Array.from({ length: 6000 }, (_, i) => line(i)));
    const { parallel, sequential } = await bothWays(file);
    expect(parallel.exitCode, parallel.stderr).toBe(0);
    expect(parallel.stderr).toMatch(/classified on \d+ threads/);
    const results = comparable(parallel.stdout);
    expect(results).toEqual(comparable(sequential.stdout));
    const late = results.slice(3000) as Array<Record<string, unknown>>;
    const corrected = late.filter((r) => r.source === 'generic' && r.title === 'payments is down');
    expect(corrected).not.toHaveLength(0);
    for (const r of corrected) expect(r).toMatchObject({ severity: 'info', classifier: 'feedback' });
    const datadogErrors = late.filter((r) => r.source === 'datadog' && r.classifier === 'source');
    expect(datadogErrors).not.toHaveLength(0);
    for (const r of datadogErrors) expect(r).toMatchObject({ severity: expect.stringMatching(/info|warning/) });
    expect(datadogErrors.some((r) => r.severity === 'info')).toBe(true);
  });
});

describe('soloops triage writing into a pipe', () => {
  it('stops quietly with exit 0 when the reader goes away (| head -1)', async () => {
    const file = writeInput(Array.from({ length: 20000 }, (_, i) => line(i)));
    const { execa } = await import('execa');
    const { binPath } = await import('../helpers/cli.js');
    const result = await execa(
      'bash',
      [
        '-o',
        'pipefail',
        '-c',
        `node ${JSON.stringify(binPath)} --json triage --no-store ${JSON.stringify(file)} | head -1`,
      ],
      { env: sandbox.env, reject: false },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ source: 'generic' });
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled/);
  });
});
