import { describeSpend } from '../../../app/wake/spend.js';
import { watchStatus } from '../../../app/watch/status.js';
import type { CliContext } from '../../context.js';

/** `soloops watch status`: open groups, the last result of every check, and whether the daemon answers. */
export async function run(context: CliContext): Promise<void> {
  const app = await context.app();
  const status = await watchStatus(app);
  const { host, port } = app.config.watch;
  const { daemon, groups, checks, inbox, deadLetters, spend } = status;
  const plural = (n: number) => (n === 1 ? '' : 's');
  const lines = [
    `daemon: ${daemon.running ? `running on ${host}:${port}` : `not answering on ${host}:${port}`}`,
    `open groups: ${groups.length}`,
    ...groups.map(
      (g) =>
        `  #${g.id} ${g.severity.padEnd(8)} ${g.service || '-'}  ${g.title}  ` +
        `(${g.alertCount} alert${plural(g.alertCount)}, last ${g.lastSeen.toISOString()})` +
        `${g.wake ? `  wake: ${g.wake.state}` : ''}`,
    ),
    `checks: ${checks.length}`,
    ...checks.map(
      (c) =>
        `  ${c.ok ? 'up  ' : 'DOWN'} ${c.check}  ${c.status ?? ''} ${Math.round(c.ms)} ms at ${c.at.toISOString()}` +
        `${c.error ? `  (${c.errorType}: ${c.error})` : ''}`,
    ),
    `inbox: ${inbox.waiting} waiting${inbox.oldest ? `, the oldest since ${inbox.oldest.toISOString()}` : ''}`,
  ];
  if (deadLetters.total > 0) {
    // Quarantined alerts were never triaged: the person must look at them, as they may be critical.
    lines.push(`quarantined (failed the pipeline, never triaged): ${deadLetters.total}`);
    lines.push(
      ...deadLetters.items.map(
        (d) =>
          `  ${d.id.slice(0, 8)} ${d.service ?? '-'}  ${d.title ?? '(unreadable)'}  ` +
          `received ${d.receivedAt.toISOString()}: ${d.error}`,
      ),
    );
  }
  lines.push(`this month: ${describeSpend(spend)} since ${spend.since.toISOString()}`);
  context.reporter.result(status, lines.join('\n'));
}
