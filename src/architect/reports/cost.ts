import { DAYS_PER_MONTH } from '../agents/cost.js';
import { isVerifiedSource, PRICES, type PriceTable } from '../prices.js';
import type { ChainResult } from '../chain.js';
import { designFlags, type Candidate } from '../agents/alternative.js';
import { gpuRoi, gpuRoiHeadline, gpuRoiSection, ownedGpu } from './gpu-roi.js';
import { markdownTable, pricedQuantity, quantity, rate, unitPrice, usd } from './table.js';

/** The budget verdict in one sentence, shared by COST.md and the CLI summary. */
export function budgetVerdict(result: ChainResult): string {
  const { totalUsd, budgetUsd, overBudget } = result.cost;
  const verdict = overBudget
    ? `over budget: ${usd(totalUsd)}/month is ${usd(totalUsd - budgetUsd)} more than the ${usd(budgetUsd)} budget`
    : `within budget: ${usd(totalUsd)}/month of a ${usd(budgetUsd)} budget (${usd(budgetUsd - totalUsd)} to spare)`;
  // The hybrid total is AWS only: the GPU doing the work is bought once and powered at home, so say so here.
  const owned = ownedGpu(result);
  if (!owned) return verdict;
  return (
    `${verdict}, AWS only: your own GPU ${owned.machines === 1 ? 'machine is' : 'machines are'} not in it ` +
    `(${usd(owned.hardwareUsd)} once, about ${usd(owned.powerUsdMonth)}/month of power; ` +
    'see "Your own GPU: payback" in COST.md)'
  );
}

/** The design a candidate names, as COST.md and the summary write it. */
export function candidateName(candidate: Pick<Candidate, 'pattern' | 'lean'>): string {
  return candidate.lean ? `${candidate.pattern} (lean)` : candidate.pattern;
}

/**
 * COST.md: every priced line, the total, the free tier beside it (never subtracted), the verdict, a spike day
 * and, for the hybrid design, when your own GPU pays for itself. `prices` must be the table `result` was
 * priced with: the payback prices the all-cloud GPU design with it.
 */
export function costMarkdown(result: ChainResult, prices: PriceTable = PRICES): string {
  const { cost, spec } = result;
  const roi = gpuRoi(result, prices);
  const lines = markdownTable(
    ['Component', 'Unit', 'Quantity', 'Unit price', 'Monthly'],
    [
      ...cost.lines.map((l) => [
        l.component,
        l.unit,
        pricedQuantity(l.quantity),
        `${unitPrice(l.unitPriceUsd)}${isVerifiedSource(l.priceSource) ? '' : ' †'}`,
        usd(l.monthlyUsd),
      ]),
      ['**Total**', '', '', '', `**${usd(cost.totalUsd)}**`],
    ],
    ['left', 'left', 'right', 'right', 'right'],
  );
  const free = cost.freeTier.length
    ? markdownTable(
        ['Component', 'Allowance', 'Could save up to'],
        cost.freeTier.map((f) => [f.component, f.description, usd(f.potentialSavingUsd)]),
        ['left', 'left', 'right'],
      )
    : 'No free-tier allowance applies to these services.';
  return [
    `# Monthly cost — ${result.architecture.pattern} in ${spec.region}`,
    '',
    `Prices as of ${cost.pricesAsOf} (on-demand list prices in USD from soloops' price table; ` +
      'check the AWS pricing pages before you commit to a budget).',
    '',
    ...(roi ? [`**Own GPU: ${gpuRoiHeadline(roi)}.**`, ''] : []),
    ...unverifiedNote(result),
    'Each line is quantity × unit price, rounded to cents. ' +
      `Traffic: ${quantity(result.traffic.requestsMonth)} requests/month, ` +
      `${rate(result.traffic.peakRps)} req/s at peak, ` +
      `${rate(result.traffic.spikeRps)} req/s in a ${spec.spike}× spike.`,
    '',
    lines,
    '',
    '## Budget',
    '',
    `**${budgetVerdict(result)}.**`,
    ...alternativeSection(result),
    ...candidatesSection(result),
    ...gpuRoiSection(roi),
    '',
    `## A ${spec.spike}× spike day`,
    '',
    `One day at ${spec.spike}× the normal peak costs about **${usd(cost.spikeDayUsd)}** ` +
      `(an ordinary day: ${usd(cost.totalUsd / DAYS_PER_MONTH)}). ` +
      'Per-request lines grow with the spike, scaled capacity runs at its maximum, fixed costs stay the same.',
    '',
    '## Free tier (shown, not subtracted)',
    '',
    // Several allowances last 12 months or are shared across an AWS organisation, so the total above is the list price.
    'The total above is the list price. These allowances may lower the bill, ' +
      'but several last only 12 months after sign-up or are shared across an organisation:',
    '',
    free,
    '',
  ].join('\n');
}

// Said on the page, not only in cost.json: a person deciding on a budget must know which figures nobody has checked.
function unverifiedNote(result: ChainResult): string[] {
  const unverified = result.cost.lines.filter((l) => !isVerifiedSource(l.priceSource)).length;
  if (unverified === 0) return [];
  return [
    `† ${unverified} of ${result.cost.lines.length} unit prices have not been checked against AWS yet; ` +
      '`soloops architect prices refresh` reads them from the AWS Price List API.',
    '',
  ];
}

function alternativeSection(result: ChainResult): string[] {
  const alt = result.alternative;
  if (!result.cost.overBudget) return [];
  if (!alt || isPlanned(result, alt.pattern))
    return ['', 'No cheaper design survives the spike; raise the budget or lower the expected traffic.'];
  return [
    '',
    `The cheapest design that still survives the spike is **${alt.pattern}** (lean) ` +
      `at **${usd(alt.cost.totalUsd)}/month**, ${alt.withinBudget ? 'within' : 'still over'} budget; ` +
      `\`${designFlags(alt.pattern, true)}\` builds it. It gives up:`,
    '',
    ...alt.tradeOffs.map((t) => `- ${t}`),
  ];
}

/** Whether the plan already is the lean `pattern`, so suggesting it again would suggest nothing. */
export function isPlanned(result: ChainResult, pattern: Candidate['pattern']): boolean {
  return result.architecture.pattern === pattern && result.architecture.lean;
}

// Every design the chain can build for this spec, so the choice (and the flag for another) is visible.
function candidatesSection(result: ChainResult): string[] {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  return [
    '',
    '## Designs that can serve this spec',
    '',
    'Lean: single availability zone, no WAF, no database standby, one cache node. ' +
      'Build another one with the flags in the last column (or `design` and `lean` in the spec).',
    '',
    markdownTable(
      ['Design', 'Monthly', 'Within budget?', 'Survives the spike?', 'Chosen', 'Flags'],
      result.candidates.map((c) => [
        candidateName(c),
        usd(c.totalUsd),
        yes(c.withinBudget),
        yes(c.survivesSpike),
        c.chosen ? '**yes**' : '',
        `\`${c.flags}\``,
      ]),
      ['left', 'right', 'left', 'left', 'left', 'left'],
    ),
  ];
}

/** cost.json: the cost report as data, with the pattern and region it prices, for CI and spreadsheets. */
export function costJson(result: ChainResult, prices: PriceTable = PRICES): string {
  const { cost, spec, architecture, alternative } = result;
  const roi = gpuRoi(result, prices);
  const document = {
    pattern: architecture.pattern,
    region: spec.region,
    currency: 'USD',
    pricesAsOf: cost.pricesAsOf,
    lines: cost.lines,
    totalUsd: cost.totalUsd,
    budgetUsd: cost.budgetUsd,
    overBudget: cost.overBudget,
    spikeDayUsd: cost.spikeDayUsd,
    freeTier: cost.freeTier,
    ...(alternative
      ? {
          alternative: {
            pattern: alternative.pattern,
            totalUsd: alternative.cost.totalUsd,
            withinBudget: alternative.withinBudget,
            tradeOffs: alternative.tradeOffs,
          },
        }
      : {}),
    candidates: result.candidates,
    ...(roi ? { gpuRoi: roi } : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
