import { noWakeChannelNotice } from '../../../app/wake/wording.js';
import { runWatchOnce, startWatch } from '../../../app/watch/watch.js';
import type { CliContext } from '../../context.js';
import { parsePort } from './port.js';

interface WatchOptions {
  host?: string;
  port?: string;
  insecure?: boolean;
  once?: boolean;
}

/**
 * `soloops watch`: the daemon in the foreground. SIGINT/SIGTERM stop it gracefully (main.ts
 * aborts the signal); SIGHUP reloads the config, the habit of every Unix daemon.
 */
export async function run(context: CliContext<WatchOptions>): Promise<void> {
  const { options, globals, reporter } = context;
  const open = await context.appFactory();
  const logLevel = globals.verbose ? 'debug' : globals.quiet ? 'warn' : 'info';
  if (options.once) {
    const results = await runWatchOnce(open(), { logLevel, logStream: process.stderr });
    const text = results.length
      ? results.map((r) => `${r.ok ? 'up  ' : 'DOWN'} ${r.check}${r.error ? `  (${r.error})` : ''}`).join('\n')
      : 'no checks configured (add checks: to soloops.yaml)';
    reporter.result({ checks: results }, text);
    return;
  }
  const port = parsePort(options.port);
  const app = open();
  // A person at a terminal gets the live view; -v (plain logs), --json, pipes and CI get log lines.
  // Under the view pino is silent: its lines would scribble over the frame.
  const withView = context.interactive && !globals.verbose && !reporter.json;
  // A critical alert would wake nobody: the daemon logs it; under the view (logs silent) it is said
  // here, before the first frame draws.
  const nobody = withView && noWakeChannelNotice(app.config.wake);
  if (nobody) reporter.warn(`${nobody.message}\n  hint: ${nobody.hint}`);
  const view = withView ? (await import('../../ui/watch-view.js')).renderWatchView({ color: reporter.color }) : null;
  const reloads = new EventTarget();
  const stop = new AbortController();
  context.signal.addEventListener('abort', () => stop.abort(), { once: true });
  // SIGHUP is a reload request for a daemon (systemctl reload); for a process on a terminal it
  // means the terminal went away, and the daemon stops gracefully rather than live on unseen.
  const onHangup = () =>
    process.stdin.isTTY || process.stdout.isTTY ? stop.abort() : reloads.dispatchEvent(new Event('reload'));
  process.on('SIGHUP', onHangup);
  try {
    await startWatch(
      app,
      {
        host: options.host,
        port,
        insecure: Boolean(options.insecure),
        // Piped stdin is an alert stream (`journalctl -f | soloops watch`); a terminal is not.
        input: process.stdin.isTTY ? null : process.stdin,
        logStream: process.stderr,
        logLevel: view ? 'silent' : logLevel,
        reloads,
        reopen: open,
        onEvent: view?.onEvent,
        onListening: ({ host, port }) => {
          const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
          const consoleAt = app.config.console.enabled ? `; the console at ${base}/console` : '';
          if (!view) reporter.info(`soloops watch: listening on ${base} (POST /v1/alerts${consoleAt})`);
        },
      },
      stop.signal,
    );
  } finally {
    process.off('SIGHUP', onHangup);
    view?.unmount();
  }
}
