import { digestTimerText, installDigestTimer, renderDigestTimer } from '../../../app/digest/timer.js';
import type { CliContext } from '../../context.js';

/** `soloops digest install-timer [--user] [--print] [--at HH:MM]`. */
export async function run(context: CliContext<{ user?: boolean; print?: boolean; at?: string }>): Promise<void> {
  const app = await context.app();
  // The digest: config section is still landing; read it structurally so this works with or without it.
  const configured = (app.config as { digest?: { at?: string | undefined } }).digest?.at;
  const units = renderDigestTimer({
    at: context.options.at ?? configured ?? '08:00',
    // The digest comes in the morning of the quiet hours' clock, which is the person's own.
    timezone: app.config.wake?.quiet_hours?.timezone ?? app.config.timezone,
    user: Boolean(context.options.user),
    home: app.home,
    // The same node and script that run now, so the timer works with npx, nvm or a global install.
    nodePath: process.execPath,
    binPath: process.argv[1] ?? 'soloops',
    configPath: app.configPath,
    env: context.env,
  });
  if (context.options.print) {
    context.reporter.result(units, digestTimerText(units));
    return;
  }
  const enable = installDigestTimer(units, app.home);
  const { serviceFile, timerFile } = units;
  context.reporter.result(
    { serviceFile, timerFile, enable },
    `wrote ${serviceFile}\nwrote ${timerFile}\nenable and start the timer with:\n  ${enable}`,
  );
}
