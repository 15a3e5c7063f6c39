import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

// `soloops incident open | update | list | show | edit | delete` through the built CLI (npx tsup first).

let sandbox: Sandbox;
afterEach(() => sandbox?.cleanup());

const cli = (...args: string[]) => runCli(args, { sandbox, env: { USER: 'ana' } });

async function json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
  const result = await cli('--json', 'incident', ...args);
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** An instant as the person in Paris reads it, by Intl rather than by the code under test. */
function paris(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

describe('soloops incident', () => {
  it("opens, moves through the flow with notes, resolves and shows the timeline in the person's zone", async () => {
    sandbox = makeSandbox();
    fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), 'timezone: Europe/Paris\n');
    const opened = await json(
      'open',
      'API returns 502',
      '--service',
      'api',
      '--service',
      'checkout',
      '--severity',
      'high',
    );
    expect(opened).toMatchObject({ status: 'investigating', priority: 'P2', priorityAuto: true, reporter: 'ana' });
    const id = opened.id as string;
    expect(id).toBe(`inc-${new Date().getUTCFullYear()}-001`);

    const text = await cli('incident', 'update', id, '--status', 'identified', '--note', 'bad deploy');
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toBe(`${id} is now identified\n`);

    const backwards = await cli('incident', 'update', id, '--status', 'investigating', '--note', 'hmm');
    expect(backwards.exitCode).toBe(2);
    expect(backwards.stdout).toBe('');
    expect(backwards.stderr).toContain('cannot become investigating');
    expect(backwards.stderr).toContain('from identified it can become: monitoring, resolved');
    const noNote = await cli('incident', 'update', id, '--status', 'resolved');
    expect(noNote.exitCode).toBe(2);
    expect(noNote.stderr).toContain('--note');

    const resolved = await json('update', id.slice(0, -1), '--status', 'resolved', '--note', 'rolled back');
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolutionMs).toBe(
      Date.parse(resolved.resolvedAt as string) - Date.parse(opened.createdAt as string),
    );

    const shown = await json<{
      timeline: { status: string; note: string; author: string; at: string; local: string }[];
    }>('show', id);
    expect(shown.timeline.map((t) => `${t.status}: ${t.note} (${t.author})`)).toEqual([
      'investigating: Incident opened. (ana)',
      'identified: bad deploy (ana)',
      'resolved: rolled back (ana)',
    ]);
    for (const t of shown.timeline) expect(t.local.startsWith(paris(t.at))).toBe(true);
    const page = await cli('incident', 'show', id);
    expect(page.stdout).toContain('priority P2 (auto)');
    expect(page.stdout).toMatch(/resolved {4}.+ \(after \d+s\)/);
    expect(page.stdout).toContain('identified    bad deploy  — ana');

    const reopened = await json('update', id, '--status', 'investigating', '--note', '502s are back');
    expect(reopened).toMatchObject({ status: 'investigating', resolvedAt: null, resolution: null });
  });

  it('lists with filters, refuses ambiguous and unknown ids, edits and deletes with --yes', async () => {
    sandbox = makeSandbox();
    const year = new Date().getUTCFullYear();
    const a = await json('open', 'Checkout down', '--service', 'api,checkout', '--severity', 'critical');
    const b = await json('open', 'Slow search', '--service', 'search', '--priority', 'p3');
    expect(a).toMatchObject({ priority: 'P1', priorityAuto: true, services: ['api', 'checkout'] });
    expect(b).toMatchObject({ priority: 'P3', priorityAuto: false, severity: 'medium' });
    await json('update', b.id as string, '--status', 'resolved', '--note', 'reindexed');

    const ids = async (...args: string[]) =>
      (await json<{ incidents: { id: string }[] }>('list', ...args)).incidents.map((i) => i.id);
    expect(await ids()).toEqual([b.id, a.id]);
    expect(await ids('--open')).toEqual([a.id]);
    expect(await ids('--service', 'search')).toEqual([b.id]);
    expect(await ids('--since', '30d', '--service', 'nope')).toEqual([]);
    expect((await cli('incident', 'list', '--since', 'soon')).exitCode).toBe(2);

    const ambiguous = await cli('incident', 'show', `inc-${year}-0`);
    expect(ambiguous.exitCode).toBe(2);
    expect(ambiguous.stderr).toContain(`matches several incidents (${a.id}, ${b.id})`);
    const unknown = await cli('--json', 'incident', 'show', 'inc-1999-001');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('incident list');

    const edited = await json('edit', a.id as string, '--severity', 'low', '--title', 'Checkout 502s');
    expect(edited).toMatchObject({ title: 'Checkout 502s', severity: 'low', priority: 'P3', priorityAuto: true });

    const unconfirmed = await cli('incident', 'delete', a.id as string);
    expect(unconfirmed.exitCode).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes');
    expect(await json('delete', a.id as string, '--yes')).toEqual({ id: a.id, title: 'Checkout 502s', deleted: true });
    expect(await ids()).toEqual([b.id]);
  });
});
