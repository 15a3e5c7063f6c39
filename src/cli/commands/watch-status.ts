import { createAppContext } from '../../app/context.js';
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
  const store = await app.openStore();
  try {
    const [groups, checks] = await Promise.all([store.watch.openGroups(50), store.watch.latestCheckResults()]);
    const lines = [
      `daemon: ${daemon.running ? `running on ${host}:${port}` : `not answering on ${host}:${port}`}`,
      `open groups: ${groups.length}`,
      ...groups.map((g) => `  #${g.id} ${g.severity.padEnd(8)} ${g.service || '-'}  ${g.title}  (${g.alertCount} alert${g.alertCount === 1 ? '' : 's'}, last ${g.lastSeen.toISOString()})`),
      `checks: ${checks.length}`,
      ...checks.map((c) => `  ${c.ok ? 'up  ' : 'DOWN'} ${c.check}  ${c.status ?? ''} ${Math.round(c.ms)} ms at ${c.at.toISOString()}${c.error ? `  (${c.errorType}: ${c.error})` : ''}`),
    ];
    context.reporter.result({ daemon, groups, checks }, lines.join('\n'));
  } finally {
    await store.close();
  }
}
