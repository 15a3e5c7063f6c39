import type { CommandDefinition } from '../definition.js';
import { examples } from '../definition.js';

/** `soloops watch`: the daemon. */
export const watch: CommandDefinition = {
  path: ['watch'],
  define: (command) =>
    command
      // commander gives `--port` after a subcommand to this command; `watch status --port` means the status's own.
      .hook('preSubcommand', (self, subcommand) => {
        const port: unknown = self.getOptionValue('port');
        if (port !== undefined && subcommand.options.some((option) => option.long === '--port'))
          subcommand.setOptionValue('port', port);
      })
      .description('the daemon: webhooks, piped alerts and health checks → triage → groups → wake or digest')
      .option('--host <host>', 'address to listen on (default: watch.host, 127.0.0.1)')
      .option('--port <port>', 'port to listen on (default: watch.port, 9117)')
      .option('--insecure', 'allow listening beyond loopback without webhook authentication')
      .option('--once', 'run every health check once, route the results and exit (for cron)')
      .addHelpText(
        'after',
        examples([
          'soloops watch                                   # foreground; Ctrl-C stops, SIGHUP reloads',
          'journalctl -f -o short | soloops watch           # log lines in too',
          'curl -X POST --data-binary @alert.json http://127.0.0.1:9117/v1/alerts',
          'curl --data-binary @app.log http://127.0.0.1:9117/v1/alerts   # NDJSON and log lines, mixed',
          'soloops watch --host 0.0.0.0 --port 9117        # needs watch.auth in soloops.yaml',
          '*/5 * * * * soloops watch --once                # checks from cron',
        ]),
      ),
  load: () => import('./run.js'),
};
