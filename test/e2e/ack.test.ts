import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { post, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// `soloops ack X` (built CLI: npx tsup first) and `POST /v1/ack/X`: X is a group number, an alert
// id, or a unique id prefix of 8+ characters.

let sandbox: Sandbox;
let d: InProcessDaemon;
afterEach(async () => {
  await d?.stop({ keep: true });
  sandbox?.cleanup();
});

const CONFIG =
  'triage: {rules: [{name: pay, match: {service: payments}, severity: critical}, ' +
  '{name: search, match: {service: search}, severity: critical}]}\n';

async function alert(body: object): Promise<string> {
  const answer = await post(`${d.url}/v1/alerts/generic`, body);
  expect(answer.status).toBe(202);
  await d.tick();
  return answer.json.ids[0]!;
}
const ack = (...args: string[]) => runCli(args[0] === '--json' ? args : ['ack', ...args], { sandbox });

describe('soloops ack and POST /v1/ack', () => {
  it('take a group number, an alert id or its first 8+ characters; refuse unknown, resolved, ungrouped', async () => {
    sandbox = makeSandbox();
    fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), CONFIG);
    d = await startDaemon(CONFIG, { dir: sandbox.dir, env: sandbox.env });
    const payments = await alert({ title: 'checkout fails', message: 'x', service: 'payments' });
    const [group] = d.query<{ id: number }>('SELECT id FROM alert_groups');

    const byPrefix = await ack('--json', 'ack', payments.slice(0, 8));
    expect(byPrefix.exitCode, byPrefix.stderr).toBe(0);
    expect(JSON.parse(byPrefix.stdout)).toMatchObject({ id: group!.id, alertId: payments, changed: true });
    const again = await ack(payments);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain(`#${group!.id} (the group of alert ${payments}) was already acknowledged`);

    // Over HTTP, by id prefix: the group of that alert.
    const search = await alert({ title: 'search down', message: 'x', service: 'search' });
    const searchGroup = d.query<{ group_id: number }>('SELECT group_id FROM alerts WHERE id = ?', search)[0]!.group_id;
    const http = await post(`${d.url}/v1/ack/${search.slice(0, 12)}`, '');
    expect(http).toMatchObject({ status: 200, json: { acknowledged: searchGroup, alertId: search, ladder: 'acked' } });
    expect(d.query('SELECT state FROM alert_groups WHERE id = ?', searchGroup)).toEqual([{ state: 'acked' }]);

    // Unknown: exit 2 and 404, saying what to give instead.
    const unknown = await ack('ffffffff');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no alert group or alert "ffffffff"[\s\S]*hint: .*first 8 characters/);
    expect((await post(`${d.url}/v1/ack/ffffffff`, '')).status).toBe(404);
    expect((await ack('999')).stderr).toMatch(/no alert group #999[\s\S]*soloops watch status/);
    expect((await ack('abc')).exitCode).toBe(2);

    // Resolved: nothing left to acknowledge (409), by number or by one of its alerts.
    await alert({ title: 'checkout fails', message: 'x', service: 'payments', status: 'resolved' });
    expect(d.query('SELECT state FROM alert_groups WHERE id = ?', group!.id)).toEqual([{ state: 'resolved' }]);
    const resolved = await ack(String(group!.id));
    expect(resolved.exitCode).toBe(2);
    expect(resolved.stderr).toMatch(new RegExp(`alert group #${group!.id} is resolved`));
    expect((await post(`${d.url}/v1/ack/${payments}`, '')).status).toBe(409);

    // An alert stored by `soloops triage` belongs to no group: nothing rings for it.
    const triaged = await runCli(['--json', 'triage'], {
      sandbox,
      input: '{"title":"disk 91% full","service":"batch"}\n',
    });
    const lone = (JSON.parse(triaged.stdout.split('\n')[0]!) as { id: string }).id;
    const ungrouped = await ack(lone);
    expect(ungrouped.exitCode).toBe(2);
    expect(ungrouped.stderr).toMatch(/belongs to no alert group/);
    const answer = await post(`${d.url}/v1/ack/${lone.slice(0, 8)}`, '');
    expect(answer).toMatchObject({ status: 409, json: { error: expect.stringMatching(/no alert group/) } });
  });

  it('--help shows the forms', async () => {
    sandbox = makeSandbox();
    const help = await runCli(['ack', '--help'], { sandbox });
    expect(help.stdout).toMatch(/soloops ack 12\n/);
    expect(help.stdout).toMatch(/soloops ack 3f9c2a1e /);
  });
});
