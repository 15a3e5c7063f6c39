import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

// The person's corrections by type, through the built CLI: teach, feedback list and forget, train.

// biome-ignore lint/suspicious/noExplicitAny: parsed CLI output
type Json = any;
const lines = (stdout: string): Json[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

const KILLED = 'postgresql.service: Main process exited, code=killed, status=9/KILL';
const ROUTINE = 'logrotate.service: Succeeded.';

describe('triage teach, feedback list and forget', () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = makeSandbox();
  });
  afterAll(() => sandbox.cleanup());

  const write = (name: string, rows: unknown[]) => {
    const file = path.join(sandbox.dir, name);
    fs.writeFileSync(file, rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n'));
    return file;
  };
  const list = async (): Promise<Json[]> => {
    const result = await runCli(['--json', 'triage', 'feedback', 'list'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    return JSON.parse(result.stdout).types;
  };

  it('stores nothing from a file with a malformed line, names the line and exits 1', async () => {
    const file = write('bad.ndjson', [
      { expected: 'info', alert: ROUTINE },
      '',
      'not json',
      { expected: 'urgent', alert: 'x' },
    ]);
    const result = await runCli(['triage', 'teach', file], { sandbox });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/line 3:/);
    expect(result.stderr).toMatch(/line 4: "expected" must be critical, warning or info/);
    expect(result.stderr).toMatch(/nothing was taught/);
    expect(await list()).toEqual([]);
  });

  it('teaches every line as a verdict on its type; later alerts of the type take it, with the reason', async () => {
    const file = write('history.ndjson', [
      { expected: 'info', alert: ROUTINE },
      { expected: 'warning', alert: { title: 'Queue lag 1200 messages', service: 'worker' } },
      { expected: 'critical', alert: { title: 'Checkout returns 503', service: 'shop', severity: 'low' } },
    ]);
    const result = await runCli(['--json', 'triage', 'teach', file], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      lines: 3,
      corrections: 3,
      types: 3,
      bySeverity: { critical: 1, warning: 1, info: 1 },
    });
    const types = await list();
    expect(types.map((t: Json) => [t.type, t.severity, t.alertId])).toEqual([
      ['text|unknown|logrotate.service: succeeded.', 'info', null],
      ['generic|worker|queue lag <n> messages', 'warning', null],
      ['generic|shop|checkout returns <n>', 'critical', null],
    ]);

    const input = [
      JSON.stringify({ title: 'Queue lag 9000 messages', service: 'worker' }),
      JSON.stringify({ title: 'Checkout returns 502', service: 'shop', severity: 'low' }),
    ].join('\n');
    const run = lines((await runCli(['--json', 'triage', '--no-store'], { sandbox, input })).stdout);
    expect(run.map((r) => [r.severity, r.classifier])).toEqual([
      ['warning', 'feedback'],
      ['critical', 'feedback'],
    ]);
    expect(run[0].reason).toMatch(/^you marked this type warning on \d{4}-\d{2}-\d{2} \(taught\)$/);

    const human = await runCli(['triage', 'feedback', 'list'], { sandbox });
    expect(human.stdout).toMatch(/^VERDICT +DATE +FROM/);
    expect(human.stdout).toMatch(/warning +\d{4}-\d{2}-\d{2} +taught +1 +generic\|worker\|queue lag <n> messages/);

    const forget = await runCli(['--json', 'triage', 'feedback', 'forget', 'generic|worker|queue lag <n> messages'], {
      sandbox,
    });
    expect(forget.exitCode, forget.stderr).toBe(0);
    expect(JSON.parse(forget.stdout)).toMatchObject({ forgotten: 1, remainingTypes: 2 });
    expect((await list()).map((t: Json) => t.severity)).toEqual(['info', 'critical']);
  });

  it('keeps an unrelated critical text line critical after a routine one is corrected, and forgets by id', async () => {
    const stored = lines((await runCli(['--json', 'triage'], { sandbox, input: `${KILLED}\n${ROUTINE}` })).stdout);
    expect(stored[0].severity).toBe('critical');
    const id = stored[1].id as string;
    const feedback = await runCli(['triage', 'feedback', id.slice(0, 8), 'wrong', '--severity', 'warning'], {
      sandbox,
    });
    expect(feedback.exitCode, feedback.stderr).toBe(0);
    const after = lines((await runCli(['--json', 'triage', '--no-store'], { sandbox, input: KILLED })).stdout);
    expect(after[0].severity).toBe('critical');
    const routine = (await list()).find((t: Json) => t.type === 'text|unknown|logrotate.service: succeeded.');
    expect(routine).toMatchObject({ severity: 'warning', alertId: id, corrections: 2 });

    const forget = await runCli(['--json', 'triage', 'feedback', 'forget', id.slice(0, 8)], { sandbox });
    expect(forget.exitCode, forget.stderr).toBe(0);
    // The taught verdict from before is in force again.
    expect((await list()).find((t: Json) => t.type === routine.type)).toMatchObject({
      severity: 'info',
      alertId: null,
    });

    const unknown = await runCli(['triage', 'feedback', 'forget', 'generic|nowhere|nothing'], { sandbox });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no correction has the type or alert id/);
  });

  it('says when there are too few corrections to measure a retraining', async () => {
    const result = await runCli(['triage', 'train'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Too few to measure it \(10 corrected types needed/);
    expect(result.stdout).not.toMatch(/expected \\ predicted/);
    const json = JSON.parse((await runCli(['--json', 'triage', 'train'], { sandbox })).stdout);
    expect(json).toMatchObject({ measured: false, minimum: 10, heldOut: 0 });
  });
});
