import { refreshPriceFile } from '../../../app/architect/prices.js';
import { ExternalError, UserError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';

interface PricesOptions {
  regions?: string;
  out?: string;
}

/** `soloops architect prices refresh`: updates the price table from the AWS Price List API. */
export async function run(context: CliContext<PricesOptions>): Promise<void> {
  const { options, reporter } = context;
  const [action] = context.args as [string | undefined];
  if (action !== 'refresh')
    throw new UserError(
      `unknown prices action "${action ?? ''}"`,
      'use `soloops architect prices refresh [--regions a,b] [--out FILE]`',
    );
  // No context.app(): a refresh needs AWS credentials and the data folder, not a valid soloops.yaml.
  const result = await refreshPriceFile({
    home: context.globals.home,
    regions: options.regions,
    out: options.out,
    env: context.env,
    cwd: context.cwd,
    signal: context.signal,
    onStart: ({ keys, regions }) =>
      reporter.info(
        `asking the AWS Price List API for ${keys} prices in ${regions.length} ` +
          `region${regions.length === 1 ? '' : 's'}` +
          ` (${regions.join(', ')}): ${keys * regions.length} lookups`,
      ),
    // A line per tenth of the work: a full refresh is a few hundred requests.
    onProgress: (done, total) => {
      if (done % Math.max(1, Math.ceil(total / 10)) === 0 || done === total)
        reporter.info(`  ${done}/${total} prices read`);
    },
  });
  const { out, updated, missing, notRefreshed, error } = result;
  reporter.result(
    { out, updated, missing, notRefreshed, error: error?.message ?? null },
    [
      updated > 0 ? `wrote ${out}: ${updated} prices refreshed` : `${out} left as it was: no price was read`,
      notRefreshed.length
        ? `${notRefreshed.length} keys have no Price List filter and keep their shipped price: ` +
          notRefreshed.join(', ')
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  if (error) throw error;
  if (missing.length > 0) {
    throw new ExternalError(
      `the AWS Price List API has no price for ${missing.map(({ region, key }) => `${key} in ${region}`).join(', ')}`,
      'those keep their previous price; check their filter in src/architect/price-filters.ts',
    );
  }
}
