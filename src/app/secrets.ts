import fs from 'node:fs';
import path from 'node:path';
import type { SecretRef, WatchConfig } from '../core/config.js';
import { UserError, messageOf } from '../core/errors.js';

type Env = Record<string, string | undefined>;

/** Reads a secret from the variable or file the config names; UserError naming the key when missing. */
export function readSecret(ref: SecretRef, key: string, env: Env, baseDir: string): string {
  if (ref.env !== undefined) {
    const value = env[ref.env];
    if (!value)
      throw new UserError(
        `${key}: environment variable ${ref.env} is not set`,
        `export ${ref.env}=… before running soloops (the value is never printed)`,
      );
    return value;
  }
  const file = path.resolve(baseDir, ref.file!);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new UserError(
      `${key}: cannot read the secret file ${file}: ${messageOf(error)}`,
      'check the path and that soloops may read it',
    );
  }
}

/** `watch.auth.default.token`, read now: it opens the daemon's own endpoints and signs digest links. */
export function defaultToken(watch: WatchConfig, env: Env, baseDir: string): string | undefined {
  return watch.auth.default?.token
    ? readSecret(watch.auth.default.token, 'watch.auth.default.token', env, baseDir)
    : undefined;
}
