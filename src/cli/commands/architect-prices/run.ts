import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PRICE_KEYS, REGIONS, activePrices, loadPriceTable, userPricesPath } from '../../architect/prices.js';
import { createPricingClient, refreshPrices } from '../../architect/refresh.js';
import { resolveHome } from '../../core/paths.js';
import { ExternalError, UserError } from '../../core/errors.js';
import type { CliContext } from '../context.js';

interface PricesOptions {
  regions?: string;
  out?: string;
}

/** `soloops architect prices refresh`: updates the price table from the AWS Price List API. */
export async function run(context: CliContext<PricesOptions>): Promise<void> {
  const { options, reporter, env } = context;
  const [action] = context.args as [string | undefined];
  if (action !== 'refresh')
    throw new UserError(
      `unknown prices action "${action ?? ''}"`,
      'use: soloops architect prices refresh [--regions a,b] [--out FILE]',
    );
  if (!hasAwsCredentials(env)) {
    throw new UserError(
      'no AWS credentials found for the Price List API',
      'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or configure ~/.aws (the IAM policy needs pricing:GetProducts)',
    );
  }
  const regions = parseRegions(options.regions);
  const home = resolveHome(context.globals.home, env);
  const out = options.out ? path.resolve(context.cwd, options.out) : userPricesPath(home);
  // Start from what is there, so a partial refresh (--regions) keeps the other regions' refreshed prices.
  const base = existsSync(out) ? loadPriceTable(out) : activePrices(home);

  const client = createPricingClient({ endpoint: env.SOLOOPS_AWS_PRICING_ENDPOINT || undefined });
  try {
    const lookups = PRICE_KEYS.length * regions.length;
    reporter.info(
      `asking the AWS Price List API for ${PRICE_KEYS.length} prices in ${regions.length} region${regions.length === 1 ? '' : 's'} (${regions.join(', ')}): ${lookups} lookups`,
    );
    // A line per tenth of the work: a full refresh is a few hundred requests.
    const onProgress = (done: number, total: number) => {
      if (done % Math.max(1, Math.ceil(total / 10)) === 0 || done === total)
        reporter.info(`  ${done}/${total} prices read`);
    };
    const result = await refreshPrices({
      client,
      regions,
      keys: PRICE_KEYS,
      now: new Date(),
      table: base,
      signal: context.signal,
      onProgress,
    });
    // What was read before a failure is kept: it is newer than what the file had.
    if (result.updated > 0) {
      await mkdir(path.dirname(out), { recursive: true });
      const temp = `${out}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(result.table, null, 2)}\n`);
      await rename(temp, out);
    }

    const missing = result.missing.map(({ region, key }) => `${key} in ${region}`);
    reporter.result(
      {
        out,
        updated: result.updated,
        missing: result.missing,
        notRefreshed: result.notRefreshed,
        error: result.error?.message ?? null,
      },
      [
        result.updated > 0
          ? `wrote ${out}: ${result.updated} prices refreshed`
          : `${out} left as it was: no price was read`,
        result.notRefreshed.length
          ? `${result.notRefreshed.length} keys have no Price List filter and keep their shipped price: ${result.notRefreshed.join(', ')}`
          : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
    if (result.error) throw result.error;
    if (missing.length > 0) {
      throw new ExternalError(
        `the AWS Price List API has no price for ${missing.join(', ')}`,
        'those keep their previous price; check their filter in src/architect/price-filters.ts',
      );
    }
  } finally {
    client.destroy();
  }
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
export function hasAwsCredentials(env: Record<string, string | undefined>): boolean {
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
