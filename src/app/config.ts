import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describeIssues } from '../core/config.js';
import { configSchema, type Config } from './config-schema.js';
import { UserError } from '../core/errors.js';
import { userConfigPath } from '../core/paths.js';

type Env = Record<string, string | undefined>;

/** The loaded configuration and the file it came from (null when none was found). */
export interface LoadedConfig {
  config: Config;
  path: string | null;
}

/**
 * Finds the config file. An explicit `--config` or SOLOOPS_CONFIG wins (and must exist);
 * otherwise ./soloops.yaml, then $XDG_CONFIG_HOME/soloops/config.yaml; none is fine.
 */
export function findConfigFile(flag: string | undefined, env: Env, cwd: string): string | null {
  const explicit = flag ?? env.SOLOOPS_CONFIG;
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!fs.existsSync(file)) {
      throw new UserError(
        `config file ${file} does not exist`,
        'create it with `soloops init`, or fix --config / SOLOOPS_CONFIG',
      );
    }
    return file;
  }
  for (const candidate of [path.join(cwd, 'soloops.yaml'), userConfigPath(env)]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** Reads, parses and validates the config, applying environment overrides (SOLOOPS_DB_URL). */
export function loadConfig(flag: string | undefined, env: Env, cwd: string): LoadedConfig {
  const file = findConfigFile(flag, env, cwd);
  const raw = file ? readYaml(file) : {};
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) {
    const where = file ?? 'configuration';
    throw new UserError(
      `${where} is invalid:\n  ${describeIssues(result.error).join('\n  ')}`,
      'fix the keys above; `soloops init --force` writes a commented example',
    );
  }
  const config = result.data;
  if (env.SOLOOPS_DB_URL) config.database.url = env.SOLOOPS_DB_URL;
  return { config, path: file };
}

/** yaml is loaded only when there is a file to read: most runs of a fresh install have none. */
const require = createRequire(import.meta.url);

function readYaml(file: string): unknown {
  const { parse: parseYaml, YAMLParseError } = require('yaml') as typeof import('yaml');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(
      `cannot read config file ${file}: ${(error as Error).message}`,
      'check the path and its permissions',
    );
  }
  try {
    return parseYaml(text);
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message : String(error);
    throw new UserError(`${file} is not valid YAML: ${detail}`, 'fix the syntax at the line shown');
  }
}

/** The person's time zone: the quiet hours' own, else the config's `timezone`, else UTC. */
export function personTimeZone(config: Config): string {
  return config.wake.quiet_hours?.timezone ?? config.timezone ?? 'UTC';
}
