import { installSystemdUnit, renderSystemdUnit } from '../../../app/systemd.js';
import type { CliContext } from '../../context.js';

/** `soloops watch install-systemd [--user] [--print]`. */
export async function run(context: CliContext<{ user?: boolean; print?: boolean }>): Promise<void> {
  const app = await context.app();
  // The same node and script that run now, so the unit works with npx, nvm or a global install.
  const exec = `${process.execPath} ${process.argv[1]}`;
  const unit = renderSystemdUnit(app, { user: Boolean(context.options.user), exec, env: context.env });
  if (context.options.print) {
    context.reporter.result({ path: unit.path, unit: unit.text, enable: unit.enable }, unit.text.trimEnd());
    return;
  }
  installSystemdUnit(unit, app.home);
  context.reporter.result(
    { path: unit.path, enable: unit.enable },
    `wrote ${unit.path}\nenable and start it with:\n  ${unit.enable}`,
  );
}
