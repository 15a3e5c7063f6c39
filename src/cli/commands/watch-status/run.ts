import { createAppContext } from '../../app/context.js';
import { describeSpend, spendThisMonth } from '../../app/wake/spend.js';
import type { CliContext } from '../context.js';

/**
 * `soloops watch status`: open groups, the last result of every check, and whether the daemon
 * answers on its port (it may run as another process, e.g. under systemd).
 */
export async function run(context: CliContext): Promise<void> {
  const app = createAppContext({ ...context.globals, env: context.env, cwd: context.cwd });
  const { host, port } = app.config.watch;
  const daemon = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/healthz`, {
    signal: AbortSignal.timeout(2_000),
  })
    .then(async (r) => ({ running: r.ok, ...((await r.json()) as object) }))
    .catch(() => ({ running: false }));
  const store = await app.openStore({ readOnly: true });
  try {
    const [groups, checks, spend, inbox, deadLetters] = await Promise.all([
      store.watch.openGroups(50),
      store.watch.latestCheckResults(),
      spendThisMonth(store, app.config),
      store.watch.inboxState(),
      store.watch.deadLetters({ limit: 10 }),
    ]);
    const ladders = await Promise.all(groups.map((g) => store.wake.ladderForGroup(g.id)));
    const lines = [
      `daemon: ${daemon.running ? `running on ${host}:${port}` : `not answering on ${host}:${port}`}`,
      `open groups: ${groups.length}`,
      ...groups.map(
        (g, i) =>
          `  #${g.id} ${g.severity.padEnd(8)} ${g.service || '-'}  ${g.title}  (${g.alertCount} alert${g.alertCount === 1 ? '' : 's'}, last ${g.lastSeen.toISOString()})${ladders[i] ? `  wake: ${ladders[i]!.state}` : ''}`,
      ),
      `checks: ${checks.length}`,
      ...checks.map(
        (c) =>
          `  ${c.ok ? 'up  ' : 'DOWN'} ${c.check}  ${c.status ?? ''} ${Math.round(c.ms)} ms at ${c.at.toISOString()}${c.error ? `  (${c.errorType}: ${c.error})` : ''}`,
      ),
    ];
    lines.push(
      `inbox: ${inbox.waiting} waiting${inbox.oldest ? `, the oldest since ${inbox.oldest.toISOString()}` : ''}`,
    );
    if (deadLetters.total > 0) {
      // Quarantined alerts were never triaged: the person must look at them, as they may be critical.
      lines.push(`quarantined (failed the pipeline, never triaged): ${deadLetters.total}`);
      lines.push(
        ...deadLetters.items.map(
          (d) =>
            `  ${d.id.slice(0, 8)} ${d.service ?? '-'}  ${d.title ?? '(unreadable)'}  received ${d.receivedAt.toISOString()}: ${d.error}`,
        ),
      );
    }
    lines.push(`this month: ${describeSpend(spend)} since ${spend.since.toISOString()}`);
    const data = {
      daemon,
      groups: groups.map((g, i) => ({ ...g, wake: ladders[i] ?? null })),
      checks,
      inbox,
      deadLetters,
      spend,
    };
    context.reporter.result(data, lines.join('\n'));
  } finally {
    await store.close();
  }
}
