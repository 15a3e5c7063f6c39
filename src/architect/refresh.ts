import { GetProductsCommand, PricingClient, type Filter } from '@aws-sdk/client-pricing';
import { ExternalError, messageOf } from '../core/errors.js';
import { PRICE_FILTERS, type PriceFilter } from './price-filters.js';
import { PRICES, type PriceKey, type PriceTable } from './prices.js';

/** Where refreshed entries say they came from. */
export const REFRESH_SOURCE = 'AWS Price List API GetProducts';

/**
 * A Pricing API client. The API is served only from us-east-1, ap-south-1 and eu-central-1, so the
 * client region is fixed; credentials come from the SDK's default chain. `endpoint` is for tests and proxies.
 */
export function createPricingClient(options: { endpoint?: string } = {}): PricingClient {
  return new PricingClient({ region: 'us-east-1', ...(options.endpoint ? { endpoint: options.endpoint } : {}) });
}

/** Input of {@link refreshPrices}. */
export interface RefreshInput {
  client: Pick<PricingClient, 'send'>;
  regions: readonly string[];
  keys: readonly PriceKey[];
  /** Sets `asOf`. */
  now: Date;
  /** The table to update; default the shipped one. It is not modified. */
  table?: PriceTable;
  /** Default {@link PRICE_FILTERS}. */
  filters?: Partial<Record<PriceKey, PriceFilter>>;
  signal?: AbortSignal;
}

/** What {@link refreshPrices} did. */
export interface RefreshResult {
  table: PriceTable;
  /** Entries written from the API. */
  updated: number;
  /** Region/key pairs the API had no priced product for: they keep their previous entry (if any), never 0. */
  missing: Array<{ region: string; key: PriceKey }>;
  /** Keys with no filter in price-filters.ts: not refreshed, kept as they were. */
  notRefreshed: PriceKey[];
}

/** Updates `keys` in `regions` from GetProducts; see {@link RefreshResult} for what is reported. */
export async function refreshPrices(input: RefreshInput): Promise<RefreshResult> {
  const filters = input.filters ?? PRICE_FILTERS;
  const base = input.table ?? PRICES;
  const today = input.now.toISOString().slice(0, 10);
  const table: PriceTable = { ...base, regions: Object.fromEntries(Object.entries(base.regions).map(([region, entries]) => [region, { ...entries }])) };
  const missing: RefreshResult['missing'] = [];
  const notRefreshed: PriceKey[] = [];
  let updated = 0;

  for (const key of input.keys) {
    const filter = filters[key];
    if (!filter) {
      notRefreshed.push(key);
      continue;
    }
    for (const region of input.regions) {
      const usd = await lookUp(input.client, filter, region, input.signal);
      if (usd === undefined) {
        missing.push({ region, key });
        continue;
      }
      table.regions[region] ??= {};
      table.regions[region][key] = { unit: filter.unit, usd, asOf: today, source: REFRESH_SOURCE };
      updated++;
    }
  }
  if (updated > 0) table.asOf = today;
  return { table, updated, missing, notRefreshed };
}

/** The GetProducts filters for one key in one region. */
export function filtersFor(filter: PriceFilter, region: string): Filter[] {
  return [...Object.entries(filter.attributes), ['regionCode', region] as const].map(([Field, Value]) => ({ Type: 'TERM_MATCH', Field, Value }));
}

// All pages are read, then the first product with a positive on-demand price wins.
async function lookUp(client: RefreshInput['client'], filter: PriceFilter, region: string, signal: AbortSignal | undefined): Promise<number | undefined> {
  const Filters = filtersFor(filter, region);
  let NextToken: string | undefined;
  let found: number | undefined;
  do {
    let page;
    try {
      page = await client.send(new GetProductsCommand({ ServiceCode: filter.serviceCode, Filters, FormatVersion: 'aws_v1', MaxResults: 100, NextToken }), { abortSignal: signal });
    } catch (error) {
      throw new ExternalError(
        `AWS Price List API GetProducts failed for ${filter.serviceCode} in ${region}: ${messageOf(error)}`,
        'check the AWS credentials (they need pricing:GetProducts) and the network; SOLOOPS_AWS_PRICING_ENDPOINT overrides the endpoint',
        { cause: error },
      );
    }
    for (const item of page.PriceList ?? []) {
      found ??= onDemandUsd(String(item), filter.serviceCode);
    }
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  return found === undefined ? undefined : Number((found * (filter.scale ?? 1)).toPrecision(12));
}

interface PriceListProduct {
  terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { pricePerUnit?: { USD?: string } }> }> };
}

/** The first positive USD price among the product's on-demand dimensions, if any. */
export function onDemandUsd(json: string, serviceCode = 'the service'): number | undefined {
  let product: PriceListProduct;
  try {
    product = JSON.parse(json) as PriceListProduct;
  } catch (error) {
    throw new ExternalError(`the AWS Price List API returned a product for ${serviceCode} that is not JSON`, 'try again; if it persists the API format changed', { cause: error });
  }
  for (const term of Object.values(product.terms?.OnDemand ?? {})) {
    for (const dimension of Object.values(term.priceDimensions ?? {})) {
      const usd = Number(dimension.pricePerUnit?.USD);
      if (Number.isFinite(usd) && usd > 0) return usd;
    }
  }
  return undefined;
}
