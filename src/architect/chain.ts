import { UserError } from '../core/errors.js';
import {
  buildablePatterns,
  cheapestSurvivable,
  priceCandidates,
  type Alternative,
  type Candidate,
} from './agents/alternative.js';
import { architecture, type Architecture } from './agents/architecture.js';
import { cost, type CostReport } from './agents/cost.js';
import { services, type Services } from './agents/services.js';
import { traffic, type Traffic } from './agents/traffic.js';
import { PRICES, type PriceTable } from './prices.js';
import { parseSpec, type ServiceSpec } from './spec.js';

/** Everything `soloops architect` decides for one service description. */
export interface ChainResult {
  spec: ServiceSpec;
  traffic: Traffic;
  architecture: Architecture;
  services: Services;
  cost: CostReport;
  /** Present only when the recommended design is over budget. */
  alternative?: Alternative;
  /** Every design the chain can build for this spec, priced, the planned one marked `chosen`. */
  candidates: Candidate[];
}

/**
 * Runs the agents in order: traffic → architecture → services → cost, and, over budget, the
 * cheapest design that survives the spike. Pure and deterministic: no clock, no I/O, no randomness.
 * Accepts raw input (validated here) or an already parsed spec. `prices` defaults to the shipped
 * table; the app layer passes the user's refreshed copy when there is one.
 */
export function runChain(input: unknown, prices: PriceTable = PRICES): ChainResult {
  const spec = parseSpec(input);
  const load = traffic(spec);
  const valid = buildablePatterns(spec);
  if (spec.design && !valid.includes(spec.design)) {
    throw new UserError(
      `design "${spec.design}" cannot serve type "${spec.type}"` +
        (spec.features.length > 0 ? ` with ${spec.features.join(', ')}` : ''),
      `use --design with one of: ${valid.join(', ')}`,
    );
  }
  const arch = architecture(spec, load, {
    prices,
    ...(spec.design ? { pattern: spec.design } : {}),
    ...(spec.lean ? { lean: true } : {}),
  });
  const plan = services(spec, load, arch);
  const report = cost(spec, load, plan, prices);
  const alternative = report.overBudget ? cheapestSurvivable(spec, load, prices) : undefined;
  return {
    candidates: priceCandidates(spec, load, { pattern: arch.pattern, lean: arch.lean }, prices),
    spec,
    traffic: load,
    architecture: arch,
    services: plan,
    cost: report,
    ...(alternative ? { alternative } : {}),
  };
}
