import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

// Alerts stored by `soloops triage` (never through `watch`, so in no alert group) reach the digest:
// it groups them itself, by service and type, and its totals agree with what it lists.

const sandboxes: Sandbox[] = [];
afterEach(() => {
  for (const sandbox of sandboxes.splice(0)) sandbox.cleanup();
});

const ALERTS = [
  { title: 'Disk full on db-1', service: 'db', message: 'disk 97% full' },
  { title: 'Disk full on db-2', service: 'db', message: 'disk 98% full' },
  { title: 'queue lag high', service: 'worker', message: 'lag 900 ms' },
  {
    title: 'certificate expires soon',
    service: 'edge',
    message: 'in 9 days',
    labels: { url: 'https://status.example.com/edge' },
    url: 'https://status.example.com/edge',
  },
];

interface JsonGroup {
  groupId: number | null;
  ref: string;
  count: number;
  title: string;
}
interface JsonDigest {
  window: { label: string };
  totals: { alerts: number; groups: number; woke: number; waited: number };
  services: Array<{ service: string; count: number; groups: JsonGroup[] }>;
}

describe('soloops digest after soloops triage', () => {
  it('lists every stored alert under its service, one line per type, and the totals agree', async () => {
    const sandbox = makeSandbox();
    sandboxes.push(sandbox);
    const input = `${ALERTS.map((a) => JSON.stringify(a)).join('\n')}\n`;
    const triage = await runCli(['triage'], { sandbox, input });
    expect(triage.exitCode, triage.stderr).toBe(0);

    const json = await runCli(['digest', '--since', '1h', '--format', 'json'], { sandbox });
    expect(json.exitCode, json.stderr).toBe(0);
    const digest = JSON.parse(json.stdout) as JsonDigest;
    expect(digest.totals).toMatchObject({ alerts: 4, groups: 3, woke: 0, waited: 4 });
    const services = Object.fromEntries(digest.services.map((s) => [s.service, s]));
    expect(Object.keys(services).sort()).toEqual(['db', 'edge', 'worker']);
    expect(services.db).toMatchObject({ count: 2, groups: [{ groupId: null, count: 2 }] });
    const listed = digest.services.flatMap((s) => s.groups).reduce((n, g) => n + g.count, 0);
    expect(listed).toBe(digest.totals.alerts);

    const text = await runCli(['digest', '--since', '1h'], { sandbox });
    expect(text.stdout).toContain('4 alerts · 0 woke you · 4 waited');
    expect(text.stdout).toMatch(/^db \(2 alerts\)$/m);

    // The ref the digest prints opens the type in `digest show`, every time in the person's zone.
    const ref = services.db!.groups[0]!.ref;
    expect(ref).toMatch(/^[0-9a-f]{8}$/);
    const show = await runCli(['digest', 'show', ref], { sandbox });
    expect(show.exitCode, show.stderr).toBe(0);
    expect(show.stdout).toContain('Disk full on db-1');
    expect(show.stdout).toContain('Disk full on db-2');
    expect(show.stdout).not.toMatch(/\d{4}-\d\d-\d\dT/);
    // The deciding layer is named once, not "(model: model: …)".
    expect(show.stdout).toMatch(/(critical|warning|info) \(\w+/);
    expect(show.stdout).not.toMatch(/\((\w+): \1:/);
    // A link the alert carries in a label and in its payload is printed once.
    const edge = await runCli(['digest', 'show', services.edge!.groups[0]!.ref], { sandbox });
    expect(edge.stdout.split('https://status.example.com/edge')).toHaveLength(2);
  });

  it('a day-long window prints both of its ends', async () => {
    const sandbox = makeSandbox();
    sandboxes.push(sandbox);
    const result = await runCli(['--json', 'digest', '--since', '24h'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    const { window } = JSON.parse(result.stdout) as JsonDigest;
    expect(window.label).toMatch(/^\w{3} \d{1,2} \w{3} \d\d:\d\d – \w{3} \d{1,2} \w{3} \d\d:\d\d UTC$/);
  });
});
