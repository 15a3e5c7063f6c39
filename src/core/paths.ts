import os from 'node:os';
import path from 'node:path';

type Env = Record<string, string | undefined>;

/** The data folder: `--home`, else SOLOOPS_HOME, else $XDG_DATA_HOME/soloops (~/.local/share/soloops). */
export function resolveHome(flag: string | undefined, env: Env): string {
  if (flag) return path.resolve(flag);
  if (env.SOLOOPS_HOME) return path.resolve(env.SOLOOPS_HOME);
  const xdg = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'soloops');
}

/** Where `soloops init` writes and discovery looks in the user's config folder. */
export function userConfigPath(env: Env): string {
  const xdg = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(xdg, 'soloops', 'config.yaml');
}
