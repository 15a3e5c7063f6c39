import { describeSpend } from '../../../app/wake/spend.js';
import { wakeWords } from '../../../app/wake/wording.js';
import { inZone, watchStatus, type WatchStatus } from '../../../app/watch/status.js';
import type { CliContext } from '../../context.js';
import { parsePort } from '../watch/port.js';

/** "running on 127.0.0.1:9117 (pid 4242, since 2026-12-04 21:05:12)", or why it is not. */
function daemonLine(daemon: WatchStatus['daemon'], timeZone: string): string {
  const where = `${daemon.host}:${daemon.port}`;
  const since = daemon.startedAt ? `, since ${inZone(new Date(daemon.startedAt), timeZone)}` : '';
  const who = daemon.pid ? ` (pid ${daemon.pid}${since})` : '';
  if (daemon.running) return `running on ${where}${who}`;
  // It answers, but /healthz says something is wrong (a store away, an inbox not draining).
  if (daemon.answered)
    return `answering on ${where}${who} but ${String(daemon.status ?? 'unhealthy')}: see ${where}/healthz`;
  if (daemon.stale)
    return `not running (it was started on ${where}${since} as pid ${daemon.pid}, which stopped without cleaning up)`;
  const why = daemon.foundBy === 'config' ? ' (watch.port; no daemon of this data folder)' : '';
  return `not answering on ${where}${why}`;
}

/** "vm1 (fencing token 3); the daemon asked is vm2, following", or that no daemon has led yet. */
function leaderLine(leader: WatchStatus['leader']): string {
  if (!leader.holder) return `none now (fencing token ${leader.token}): no daemon leads this database`;
  const asked =
    leader.node === undefined
      ? ''
      : `; the daemon asked is ${leader.node}, ${leader.leading ? 'leading' : 'following'}`;
  return `${leader.holder} (fencing token ${leader.token})${asked}`;
}

/** "woke you; wake ladder ringing", "would have woken you (no channel configured)", or that every attempt failed. */
function wakeText({ wake, wakeOutcome }: WatchStatus['groups'][number]): string {
  if (!wake || !wakeOutcome) return '';
  return wakeOutcome === 'no-channel'
    ? `  ${wakeWords(wakeOutcome)}`
    : `  ${wakeWords(wakeOutcome)}; wake ladder ${wake.state}`;
}

/** `soloops watch status`: open groups, the last result of every check, and whether the daemon answers. */
export async function run(context: CliContext<{ port?: string }>): Promise<void> {
  const status = await watchStatus(await context.app(), { port: parsePort(context.options.port) });
  const { daemon, groups, checks, inbox, deadLetters, spend, timeZone, leader } = status;
  const at = (date: Date) => inZone(date, timeZone);
  const plural = (n: number) => (n === 1 ? '' : 's');
  const lines = [
    `daemon: ${daemonLine(daemon, timeZone)}`,
    `leader: ${leaderLine(leader)}`,
    `times: ${timeZone}`,
    `open groups: ${groups.length}`,
    ...groups.map(
      (g) =>
        `  #${g.id} ${g.severity.padEnd(8)} ${g.service || '-'}  ${g.title}  ` +
        `(${g.alertCount} alert${plural(g.alertCount)}, last ${at(g.lastSeen)})${wakeText(g)}`,
    ),
    `checks: ${checks.length}`,
    ...checks.map(
      (c) =>
        `  ${c.ok ? 'up  ' : 'DOWN'} ${c.check}  ${c.status ?? ''} ${Math.round(c.ms)} ms at ${at(c.at)}` +
        `${c.error ? `  (${c.errorType}: ${c.error})` : ''}`,
    ),
    `inbox: ${inbox.waiting} waiting${inbox.oldest ? `, the oldest since ${at(inbox.oldest)}` : ''}`,
  ];
  if (deadLetters.total > 0) {
    // Quarantined alerts were never triaged: the person must look at them, as they may be critical.
    lines.push(`quarantined (failed the pipeline, never triaged): ${deadLetters.total}`);
    lines.push(
      ...deadLetters.items.map(
        (d) =>
          `  ${d.id.slice(0, 8)} ${d.service ?? '-'}  ${d.title ?? '(unreadable)'}  ` +
          `received ${at(d.receivedAt)}: ${d.error}`,
      ),
    );
  }
  lines.push(`this month: ${describeSpend(spend)} since ${at(spend.since)}`);
  context.reporter.result(status, lines.join('\n'));
}
