import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PRICE_KEYS, REGIONS, activePrices, loadPriceTable, userPricesPath } from '../../architect/prices.js';
import { createPricingClient, refreshPrices, type RefreshResult } from '../../architect/refresh.js';
import { UserError } from '../../core/errors.js';
import { resolveHome } from '../../core/paths.js';
import { makeDirSync } from '../../core/make-dir.js';

type Env = Record<string, string | undefined>;

/** What `architect prices refresh` was asked: the flags, and where it runs. */
export interface PriceRefreshRequest {
  /** `--home`: the data folder whose aws-prices.json `soloops architect` prefers. */
  home: string | undefined;
  /** `--regions a,b`; default every region of the price table. */
  regions: string | undefined;
  /** `--out FILE`, relative to `cwd`; default $SOLOOPS_HOME/aws-prices.json. */
  out: string | undefined;
  env: Env;
  cwd: string;
  signal: AbortSignal;
  /** Told once before the first lookup: how many prices in which regions. */
  onStart?(plan: { keys: number; regions: string[] }): void;
  /** Told after each lookup. */
  onProgress?(done: number, total: number): void;
}

/** What the refresh wrote, and what it could not read (`error`: the API failure that stopped it). */
export interface PriceRefreshOutcome extends Omit<RefreshResult, 'table'> {
  out: string;
}

/**
 * Refreshes the price table from the AWS Price List API into a file. It needs no config: only
 * AWS credentials and the data folder. What was read before a failure is written anyway.
 */
export async function refreshPriceFile(request: PriceRefreshRequest): Promise<PriceRefreshOutcome> {
  const { env } = request;
  if (!hasAwsCredentials(env)) {
    throw new UserError(
      'no AWS credentials found for the Price List API',
      'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or configure ~/.aws' +
        ' (the IAM policy needs pricing:GetProducts)',
    );
  }
  const regions = parseRegions(request.regions);
  const home = resolveHome(request.home, env);
  const out = request.out ? path.resolve(request.cwd, request.out) : userPricesPath(home);
  // Start from what is there, so a partial refresh (--regions) keeps the other regions' refreshed prices.
  const base = existsSync(out) ? loadPriceTable(out) : activePrices(home);

  const client = createPricingClient({ endpoint: env.SOLOOPS_AWS_PRICING_ENDPOINT || undefined });
  try {
    request.onStart?.({ keys: PRICE_KEYS.length, regions });
    const { table, ...result } = await refreshPrices({
      client,
      regions,
      keys: PRICE_KEYS,
      now: new Date(),
      table: base,
      signal: request.signal,
      onProgress: request.onProgress,
    });
    // What was read before a failure is kept: it is newer than what the file had.
    if (result.updated > 0) await writeAtomically(out, `${JSON.stringify(table, null, 2)}\n`);
    return { out, ...result };
  } finally {
    client.destroy();
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  makeDirSync(path.dirname(file));
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

function parseRegions(raw: string | undefined): string[] {
  if (raw === undefined) return [...REGIONS];
  const regions = [
    ...new Set(
      raw
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = regions.filter((r) => !(REGIONS as readonly string[]).includes(r));
  if (regions.length === 0 || unknown.length > 0) {
    throw new UserError(
      `--regions: ${unknown.length ? `"${unknown.join('", "')}" not supported` : 'no region given'}`,
      `use a comma-separated list of: ${REGIONS.join(', ')}`,
    );
  }
  return regions;
}

/** Whether the standard AWS credential chain has something to find. */
export function hasAwsCredentials(env: Env): boolean {
  if (
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
  )
    return true;
  const home = env.HOME || os.homedir();
  return existsSync(path.join(home, '.aws'));
}
