import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BugError, UserError } from '../core/errors.js';
import type { AppContext } from './context.js';
import { readTemplate } from './templates.js';
import { makeDirSync } from '../core/make-dir.js';

type Env = Record<string, string | undefined>;

/** Where the unit goes and what to run afterwards. */
export interface SystemdUnit {
  path: string;
  text: string;
  enable: string;
}

/** What every soloops unit (the watch daemon, the digest timer) is rendered for. */
export interface UnitTarget {
  /** A user unit (`systemctl --user`) rather than a system one. */
  user: boolean;
  /** The data folder: the one writable path. */
  home: string;
  configPath?: string | null | undefined;
  env: Env;
}

/** A path as a unit file needs it: quoted when it has spaces. */
export function unitQuote(p: string): string {
  return /\s/.test(p) ? `"${p}"` : p;
}

/**
 * Reads a template under templates/systemd/ and fills the placeholders all soloops units share.
 * A system unit runs as the person who installs it (through sudo too), never as root unless
 * they are root. A data folder under /home or /root gets ProtectHome=read-only (the folder
 * itself made writable again); anywhere else the home folders are hidden entirely. Secrets go
 * in one watch.env file in the data folder, so the daemon and the digest share them.
 */
export function renderUnitTemplate(name: string, target: UnitTarget, values: Record<string, string> = {}): string {
  const underHome = /^\/(home|root)(\/|$)/.test(target.home);
  const runAs = target.env.SUDO_USER ?? os.userInfo().username;
  const shared: Record<string, string> = {
    user: target.user || runAs === 'root' ? '' : `User=${runAs}\n`,
    home: unitQuote(target.home),
    config: target.configPath ? `Environment=SOLOOPS_CONFIG=${unitQuote(target.configPath)}\n` : '',
    envfile: unitQuote(path.join(target.home, 'watch.env')),
    protecthome: underHome ? 'read-only' : 'yes',
  };
  const all: Record<string, string> = { ...shared, ...values };
  // One pass, so a path that happens to contain "{{…}}" is never filled in again.
  return readTemplate(`systemd/${name}`).replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (all[key] === undefined) throw new BugError(`templates/systemd/${name} has an unknown placeholder {{${key}}}`);
    return all[key];
  });
}

/** Where a unit file goes: ~/.config/systemd/user for a user unit, /etc/systemd/system otherwise. */
export function unitFilePath(fileName: string, target: Pick<UnitTarget, 'user' | 'env'>): string {
  const configHome = target.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
  return target.user ? path.join(configHome, 'systemd/user', fileName) : path.join('/etc/systemd/system', fileName);
}

/** `systemctl --user` for a user unit, `sudo systemctl` for a system one. */
export function systemctlOf(user: boolean): string {
  return user ? 'systemctl --user' : 'sudo systemctl';
}

/** The line that loads and starts a unit. */
export function enableLine(unitName: string, user: boolean): string {
  const systemctl = systemctlOf(user);
  return `${systemctl} daemon-reload && ${systemctl} enable --now ${unitName}`;
}

/** Renders templates/systemd/soloops-watch.service for this machine (see {@link renderUnitTemplate}). */
export function renderSystemdUnit(
  app: AppContext,
  options: { user: boolean; exec: string; env: Record<string, string | undefined> },
): SystemdUnit {
  const target: UnitTarget = { user: options.user, home: app.home, configPath: app.configPath, env: options.env };
  const text = renderUnitTemplate('soloops-watch.service', target, {
    exec: options.exec,
    wantedby: options.user ? 'default.target' : 'multi-user.target',
  });
  return {
    path: unitFilePath('soloops-watch.service', target),
    text,
    enable: enableLine('soloops-watch', options.user),
  };
}

/**
 * Writes unit files and the data folder they need. Never over an existing file, and none of
 * them when one exists, so a second install leaves a half-edited pair alone. `printCommand`
 * is the command whose --print shows what would be written.
 */
export function writeUnitFiles(files: Array<{ path: string; text: string }>, home: string, printCommand: string): void {
  const existing = files.find((file) => fs.existsSync(file.path));
  if (existing)
    throw new UserError(`${existing.path} already exists`, `remove it first, or compare with: ${printCommand} --print`);
  try {
    makeDirSync(home, 0o700);
    for (const file of files) {
      makeDirSync(path.dirname(file.path));
      fs.writeFileSync(file.path, file.text, { mode: 0o644 });
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = files.map((file) => file.path).join(' and ');
    if (code === 'EACCES' || code === 'EPERM')
      throw new UserError(`no permission to write ${where}`, 'run it with sudo, or pass --user for a user unit');
    throw error;
  }
}

/** Writes the watch unit (never over an existing one) and the data folder it needs. */
export function installSystemdUnit(unit: SystemdUnit, home: string): void {
  writeUnitFiles([unit], home, 'soloops watch install-systemd');
}
