import { createAppContext } from '../../app/context.js';
import { describeSpend, spendThisMonth } from '../../app/wake-spend.js';
import type { CliContext } from '../context.js';

/**
 * `soloops watch status`: open groups, the last result of every check, and whether the daemon
 * answers on its port (it may run as another process, e.g. under systemd).
 */
export async function run(context: CliContext): Promise<void> {
  const app = createAppContext({ ...context.globals, env: context.env, cwd: context.cwd });
  const { host, port } = app.config.watch;
  const daemon = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/healthz`, { signal: AbortSignal.timeout(2_000) })
    .then(async (r) => ({ running: r.ok, ...((await r.json()) as object) }))
    .catch(() => ({ running: false }));
  const store = await app.openStore({ readOnly: true });
  try {
    const [groups, checks, spend] = await Promise.all([store.watch.openGroups(50), store.watch.latestCheckResults(), spendThisMonth(store, app.config)]);
    const ladders = await Promise.all(groups.map((g) => store.wake.ladderForGroup(g.id)));
    const lines = [
      `daemon: ${daemon.running ? `running on ${host}:${port}` : `not answering on ${host}:${port}`}`,
      `open groups: ${groups.length}`,
      ...groups.map((g, i) => `  #${g.id} ${g.severity.padEnd(8)} ${g.service || '-'}  ${g.title}  (${g.alertCount} alert${g.alertCount === 1 ? '' : 's'}, last ${g.lastSeen.toISOString()})${ladders[i] ? `  wake: ${ladders[i]!.state}` : ''}`),
      `checks: ${checks.length}`,
      ...checks.map((c) => `  ${c.ok ? 'up  ' : 'DOWN'} ${c.check}  ${c.status ?? ''} ${Math.round(c.ms)} ms at ${c.at.toISOString()}${c.error ? `  (${c.errorType}: ${c.error})` : ''}`),
    ];
    lines.push(`this month: ${describeSpend(spend)} since ${spend.since.toISOString()}`);
    context.reporter.result({ daemon, groups: groups.map((g, i) => ({ ...g, wake: ladders[i] ?? null })), checks, spend }, lines.join('\n'));
  } finally {
    await store.close();
  }
}
