import { describe, expect, it } from 'vitest';
import { checkAlert } from '../checks/alert.js';
import type { CheckConfig } from '../checks/types.js';
import { checkIncidents, type DaemonIncidents } from './check-incidents.js';

// The hook from a check's transition alert to automatic incidents.

const CHECK: CheckConfig = {
  name: 'api-health',
  url: 'http://127.0.0.1:9/',
  method: 'GET',
  interval: 60_000,
  timeout: 7_000,
  expect: {},
  service: 'api',
  failureThreshold: 3,
  successThreshold: 2,
};
const at = '2026-11-03T02:00:00.000Z';
const down = checkAlert(
  CHECK,
  { kind: 'down', since: at, result: { ok: false, at, ms: 3, errorType: 'connection', error: 'ECONNREFUSED' } },
  'a1',
  new Date(at),
);
const up = checkAlert(
  CHECK,
  { kind: 'up', downSince: at, downtimeMs: 60_000, result: { ok: true, at, ms: 3, status: 200 } },
  'a2',
  new Date(at),
);

function world(mutedBy: string | null) {
  const calls: unknown[] = [];
  const incidents: DaemonIncidents = {
    checkDown: async (check, probe) => calls.push(['down', check.name, probe]),
    review: async () => calls.push(['review']),
    idle: async () => {},
  };
  const hook = checkIncidents(
    incidents,
    (name) => (name === CHECK.name ? CHECK : undefined),
    () => ({ state: 'down', configured: true }),
    async () => mutedBy,
  );
  return { calls, hook };
}
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('checkIncidents', () => {
  it('a down opens or joins the incident with its probe; an up asks for a review', async () => {
    const { calls, hook } = world(null);
    hook(down);
    hook(up);
    await settled();
    expect(calls).toEqual([
      ['review'],
      ['down', 'api-health', { since: at, errorType: 'connection', error: 'ECONNREFUSED', status: undefined }],
    ]);
  });

  it('a down in a maintenance window or under a silence opens nothing', async () => {
    const { calls, hook } = world('in maintenance window deploy');
    hook(down);
    await settled();
    expect(calls).toEqual([]);
  });
});
