import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../core/errors.js';
import type { UsageRequest, UsageService } from '../../core/sla.js';
import { type BadLine, readAccessLog, USAGE_FORMATS, type UsageFormat } from '../../incident/usage/index.js';
import type { Config } from '../config-schema.js';
import { type AppContext, withStore } from '../context.js';

/** What `incident usage import` did. */
export interface UsageImport {
  file: string;
  service: string;
  format: UsageFormat;
  /** Lines read, blank ones included. */
  lines: number;
  requests: number;
  added: number;
  /** Requests already stored (the same line imported before). */
  duplicates: number;
  bad: number;
  badLines: BadLine[];
}

const FORMAT_HINT =
  'accepted formats: combined (nginx/Apache combined, request time last), alb (AWS ALB access log), ' +
  'jsonl (one JSON object a line with time, status and duration_ms); gzip is read as well';

/** A service usage may be recorded for: one of `services:` when any are configured. */
export function usageService(config: Pick<Config, 'services'>, id: string): string {
  const known = config.services.map((s) => s.id);
  if (known.length === 0 || known.includes(id)) return id;
  throw new UserError(`no service ${JSON.stringify(id)} in soloops.yaml`, `configured services: ${known.join(', ')}`);
}

/** Imports an access log for a service; re-importing the same lines adds nothing. */
export async function importUsage(app: AppContext, file: string, service: string): Promise<UsageImport> {
  const id = usageService(app.config, service);
  const full = path.resolve(app.cwd, file);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile())
    throw new UserError(`cannot read ${file}: no such file`, 'give the path of an access log (plain or gzip)');
  return withStore(app, {}, async (store) => {
    const counts = { added: 0, duplicates: 0 };
    const save = async (batch: UsageRequest[]) => {
      const saved = await store.sla.recordRequests(id, batch);
      counts.added += saved.added;
      counts.duplicates += saved.duplicates;
    };
    const outcome = await readAccessLog(full, save);
    if (outcome.format === null)
      throw new UserError(`${file} is in no format soloops can import (looked at its first line)`, FORMAT_HINT);
    return { file, service: id, ...outcome, format: outcome.format, ...counts };
  });
}

/** Each service with imported or posted requests. */
export async function listUsage(app: AppContext): Promise<UsageService[]> {
  return withStore(app, { readOnly: true }, (store) => store.sla.usageServices());
}

export { USAGE_FORMATS };
