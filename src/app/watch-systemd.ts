import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { AppContext } from './context.js';
import { readTemplate } from './templates.js';

/** Where the unit goes and what to run afterwards. */
export interface SystemdUnit {
  path: string;
  text: string;
  enable: string;
}

/**
 * Renders templates/systemd/soloops-watch.service for this machine: the node binary and script
 * that are running now, the data folder as the one writable path, the config file if one was
 * found. A data folder under /home or /root gets ProtectHome=read-only (the folder itself made
 * writable again); anywhere else the home folders are hidden entirely.
 */
export function renderSystemdUnit(app: AppContext, options: { user: boolean; exec: string; env: Record<string, string | undefined> }): SystemdUnit {
  const home = app.home;
  const underHome = /^\/(home|root)(\/|$)/.test(home);
  const runAs = options.env.SUDO_USER ?? os.userInfo().username;
  const quote = (p: string) => (/\s/.test(p) ? `"${p}"` : p);
  const text = readTemplate('systemd/soloops-watch.service')
    .replaceAll('{{user}}', options.user || runAs === 'root' ? '' : `User=${runAs}\n`)
    .replaceAll('{{exec}}', options.exec)
    .replaceAll('{{home}}', quote(home))
    .replaceAll('{{config}}', app.configPath ? `Environment=SOLOOPS_CONFIG=${quote(app.configPath)}\n` : '')
    .replaceAll('{{envfile}}', quote(path.join(home, 'watch.env')))
    .replaceAll('{{protecthome}}', underHome ? 'read-only' : 'yes')
    .replaceAll('{{wantedby}}', options.user ? 'default.target' : 'multi-user.target');
  const configHome = options.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
  const unitPath = options.user ? path.join(configHome, 'systemd/user/soloops-watch.service') : '/etc/systemd/system/soloops-watch.service';
  const systemctl = options.user ? 'systemctl --user' : 'sudo systemctl';
  return { path: unitPath, text, enable: `${systemctl} daemon-reload && ${systemctl} enable --now soloops-watch` };
}

/** Writes the unit (never over an existing one) and the data folder it needs. */
export function installSystemdUnit(unit: SystemdUnit, home: string): void {
  if (fs.existsSync(unit.path)) {
    throw new UserError(`${unit.path} already exists`, 'remove it first, or compare with: soloops watch install-systemd --print');
  }
  try {
    fs.mkdirSync(path.dirname(unit.path), { recursive: true });
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    fs.writeFileSync(unit.path, unit.text, { mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`no permission to write ${unit.path}`, 'run it with sudo, or pass --user for a user unit');
    throw error;
  }
}
