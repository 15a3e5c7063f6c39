import { type Filter, GetProductsCommand, type GetProductsCommandOutput, PricingClient } from '@aws-sdk/client-pricing';
import { ExternalError, messageOf } from '../core/errors.js';
import { PRICE_FILTERS, type PriceFilter } from './price-filters.js';
import { PRICES, type PriceKey, type PriceTable, type Region } from './prices.js';

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
  /** Told after each lookup: how many of `total` region/key pairs have been asked for. */
  onProgress?: (done: number, total: number) => void;
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
  /**
   * The API failure that stopped the refresh, if one did. It stops at the first (bad credentials
   * or no network would fail every one of the lookups); what was read before it is in `table`.
   */
  error?: ExternalError;
}

/** Updates `keys` in `regions` from GetProducts; see {@link RefreshResult} for what is reported. */
export async function refreshPrices(input: RefreshInput): Promise<RefreshResult> {
  const filters = input.filters ?? PRICE_FILTERS;
  const base = input.table ?? PRICES;
  const today = input.now.toISOString().slice(0, 10);
  const table: PriceTable = {
    ...base,
    regions: Object.fromEntries(Object.entries(base.regions).map(([region, entries]) => [region, { ...entries }])),
  };
  const missing: RefreshResult['missing'] = [];
  const notRefreshed: PriceKey[] = [];
  let updated = 0;

  const total = input.keys.filter((key) => filters[key]).length * input.regions.length;
  let done = 0;
  for (const key of input.keys) {
    const filter = filters[key];
    if (!filter) {
      notRefreshed.push(key);
      continue;
    }
    for (const region of input.regions) {
      let usd: number | undefined;
      try {
        usd = await lookUp(input.client, filter, region, input.signal);
      } catch (error) {
        if (!(error instanceof ExternalError)) throw error;
        return { table: stamped(table, updated, today), updated, missing, notRefreshed, error };
      }
      input.onProgress?.(++done, total);
      if (usd === undefined) {
        missing.push({ region, key });
        continue;
      }
      table.regions[region] ??= {};
      table.regions[region][key] = { unit: filter.unit, usd, asOf: today, source: REFRESH_SOURCE };
      updated++;
    }
  }
  return { table: stamped(table, updated, today), updated, missing, notRefreshed };
}

// The table's own date is the newest refresh; each entry keeps its own date for the reports.
function stamped(table: PriceTable, updated: number, today: string): PriceTable {
  return updated > 0 ? { ...table, asOf: today } : table;
}

/** The GetProducts filters for one key in one region; undefined when the filter cannot name that region. */
export function filtersFor(filter: PriceFilter, region: string): Filter[] | undefined {
  const filters: Filter[] = Object.entries(filter.attributes).map(([Field, match]) =>
    typeof match === 'string'
      ? { Type: 'TERM_MATCH', Field, Value: match }
      : { Type: match.type, Field, Value: match.value },
  );
  const where = filter.region ?? { field: 'regionCode' };
  if (where !== 'global') {
    const value = where.values ? where.values[region as Region] : region;
    if (value === undefined) return undefined;
    filters.push({ Type: 'TERM_MATCH', Field: where.field, Value: value });
  }
  // The usage type carries a region prefix in most regions (EU-NatGateway-Hours): CONTAINS here, exact below.
  if (filter.usagetype) filters.push({ Type: 'CONTAINS', Field: 'usagetype', Value: filter.usagetype });
  return filters;
}

/**
 * A usage-type region prefix: a region code (USE1, EUC1, APN2, CAN1: three capitals and a digit) or one of the
 * two-letter codes older services use for a region or a CloudFront geography (EU for Ireland; US, JP, AP…).
 * Listed rather than shaped as "2–4 capitals": IA-, TS- and the like are storage classes and features, not regions.
 */
const REGION_PREFIX = /^(?:[A-Z]{3}[0-9]|EU|US|JP|AP|AU|IN|SA|ZA|ME|CA)$/;

/**
 * Whether a product's usage type is `expected` with at most a region prefix. Not a substring test:
 * `RegionalNatGateway-Hours`, `Global-Request` (a free-tier row), `IA-TimedStorage-ByteHrs` or
 * `ShieldProtected-WebACLV2` contain the expected text but are other products.
 */
export function usagetypeMatches(actual: string, expected: string): boolean {
  if (actual === expected) return true;
  return actual.endsWith(`-${expected}`) && REGION_PREFIX.test(actual.slice(0, -expected.length - 1));
}

// All pages are read first, so the pick does not depend on how the API orders or pages products: among the
// products whose usage type matches exactly, each is priced at its first paid tier and the highest wins
// (see PriceFilter in price-filters.ts for why).
async function lookUp(
  client: RefreshInput['client'],
  filter: PriceFilter,
  region: string,
  signal: AbortSignal | undefined,
): Promise<number | undefined> {
  const Filters = filtersFor(filter, region);
  if (!Filters) return undefined;
  let NextToken: string | undefined;
  let found: number | undefined;
  do {
    let page: GetProductsCommandOutput;
    try {
      page = await client.send(
        new GetProductsCommand({
          ServiceCode: filter.serviceCode,
          Filters,
          FormatVersion: 'aws_v1',
          MaxResults: 100,
          NextToken,
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      throw new ExternalError(
        `AWS Price List API GetProducts failed for ${filter.serviceCode} in ${region}: ${messageOf(error)}`,
        'check the AWS credentials (they need pricing:GetProducts) and the network; ' +
          'SOLOOPS_AWS_PRICING_ENDPOINT overrides the endpoint',
        { cause: error },
      );
    }
    for (const item of page.PriceList ?? []) {
      const product = parseProduct(String(item), filter.serviceCode);
      if (filter.usagetype && !usagetypeMatches(String(product.product?.attributes?.usagetype ?? ''), filter.usagetype))
        continue;
      const usd = firstPaidTier(product);
      if (usd !== undefined && (found === undefined || usd > found)) found = usd;
    }
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  return found === undefined ? undefined : Number((found * (filter.scale ?? 1)).toPrecision(12));
}

interface PriceDimension {
  beginRange?: string;
  pricePerUnit?: { USD?: string };
}
interface PriceListProduct {
  product?: { productFamily?: string; attributes?: Record<string, string> };
  terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, PriceDimension> }> };
}

function parseProduct(json: string, serviceCode: string): PriceListProduct {
  try {
    return JSON.parse(json) as PriceListProduct;
  } catch (error) {
    throw new ExternalError(
      `the AWS Price List API returned a product for ${serviceCode} that is not JSON`,
      'try again; if it persists the API format changed',
      { cause: error },
    );
  }
}

// Tiers arrive as an object keyed by rate code, in no meaningful order: order by beginRange, skip the free ones.
function firstPaidTier(product: PriceListProduct): number | undefined {
  let best: { begin: number; usd: number } | undefined;
  for (const term of Object.values(product.terms?.OnDemand ?? {})) {
    for (const dimension of Object.values(term.priceDimensions ?? {})) {
      const usd = Number(dimension.pricePerUnit?.USD);
      if (!Number.isFinite(usd) || usd <= 0) continue;
      const begin = Number(dimension.beginRange ?? 0);
      const start = Number.isFinite(begin) ? begin : 0;
      if (!best || start < best.begin || (start === best.begin && usd > best.usd)) best = { begin: start, usd };
    }
  }
  return best?.usd;
}

/** The product's first paid on-demand tier in USD (the positive price with the lowest beginRange), if any. */
export function onDemandUsd(json: string, serviceCode = 'the service'): number | undefined {
  return firstPaidTier(parseProduct(json, serviceCode));
}
