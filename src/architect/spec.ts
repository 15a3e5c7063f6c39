import * as z from 'zod';
import { describeIssues } from '../core/config.js';
import { UserError } from '../core/errors.js';
import { REGIONS } from './prices.js';

/** What the service is; each type has its own traffic profile (see agents/traffic.ts). */
export const SERVICE_TYPES = ['web', 'api', 'game', 'static', 'ai'] as const;
export const FEATURES = ['db', 'cache', 'realtime', 'uploads', 'queue', 'gpu'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export type Feature = (typeof FEATURES)[number];
/** The shape of the whole system; agents/services.ts turns it into concrete resources. */
export const PATTERNS = [
  'static-cdn',
  'serverless',
  'containers',
  'ec2-asg',
  'gpu-scale-to-zero',
  'hybrid-gpu',
] as const;
export type Pattern = (typeof PATTERNS)[number];

// Share of monthly users online at the busiest minute when the spec gives no figure. A common
// rule of thumb is ~1% for content sites; games keep sessions open far longer, so more overlap.
/** Default `peakConcurrent` as a share of `usersMonth`, by type. */
export const PEAK_CONCURRENT_SHARE: Record<ServiceType, number> = {
  static: 0.01,
  web: 0.01,
  api: 0.01,
  game: 0.03,
  ai: 0.01,
};
/** Default spike multiplier over the normal peak (a launch, a Hacker News front page). */
export const DEFAULT_SPIKE = 10;

// Every number is bounded so no derived figure (req/s, instances, dollars) can overflow to Infinity
// or print in exponent notation in main.tf. The maxima are far above any one-person service
// (a billion monthly users, $10M a month, a 1,000× spike) yet keep every figure under 1e21.
/** Inclusive bounds of each number in a service description; the JSON Schema states the same. */
export const SPEC_LIMITS = {
  usersMonth: { min: 1, max: 1_000_000_000 },
  peakConcurrent: { min: 1, max: 1_000_000_000 },
  // A cent: below it the budget prints in exponent notation and no AWS design fits anyway.
  budgetUsd: { min: 0.01, max: 10_000_000 },
  spike: { min: 1, max: 1_000 },
  // Your own GPU machine, for the hybrid design's payback (COST.md); ignored by every other design.
  gpuMachineUsd: { min: 1, max: 1_000_000 },
  gpuMachineWatts: { min: 1, max: 100_000 },
  powerUsdPerKwh: { min: 0.01, max: 10 },
} as const;
type LimitedField = keyof typeof SPEC_LIMITS;

/** `min`–`max` written for people: thousands separators, no exponent. */
export function describeRange(field: LimitedField): string {
  const { min, max } = SPEC_LIMITS[field];
  const show = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return `${show(min)} to ${show(max)}`;
}

// One message for both ends, with the value given, so `spike: 1e300` says what is allowed.
function bounded(field: LimitedField, integer: boolean) {
  const { min, max } = SPEC_LIMITS[field];
  const error = (issue: { input?: unknown }) =>
    `must be ${integer ? 'a whole number ' : ''}from ${describeRange(field)} (got ${String(issue.input)})`;
  const number = z.number().min(min, { error }).max(max, { error });
  // multipleOf rather than int(): int() adds its own safe-integer bound, a second message for 1e300.
  return integer ? number.multipleOf(1, { error }) : number;
}

const specSchema = z
  .strictObject({
    type: z.enum(SERVICE_TYPES),
    usersMonth: bounded('usersMonth', true),
    peakConcurrent: bounded('peakConcurrent', true).optional(),
    budgetUsd: bounded('budgetUsd', false),
    region: z.enum(REGIONS),
    features: z.array(z.enum(FEATURES)).default([]),
    spike: bounded('spike', false).default(DEFAULT_SPIKE),
    gpuMachineUsd: bounded('gpuMachineUsd', false).optional(),
    gpuMachineWatts: bounded('gpuMachineWatts', false).optional(),
    powerUsdPerKwh: bounded('powerUsdPerKwh', false).optional(),
    // The design to build instead of the one the architecture agent picks (e.g. the cheaper one COST.md names).
    design: z.enum(PATTERNS).optional(),
    // Single AZ, no WAF, one cache node: the cheapest form of the design, as COST.md prices it.
    lean: z.boolean().optional(),
  })
  .superRefine((spec, ctx) => {
    // A GPU changes the whole design (scale-to-zero inference); only the ai type is built for it.
    if (spec.features.includes('gpu') && spec.type !== 'ai') {
      ctx.addIssue({ code: 'custom', path: ['features'], message: 'gpu is only supported with type "ai"' });
    }
    // Files behind a CDN have nothing to use a database, a queue or a socket: pricing them would bill for nothing.
    if (spec.type === 'static' && spec.features.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['features'],
        message:
          `type "static" serves files only and takes no features (got ${spec.features.join(', ')}); ` +
          'use type "web" or "api" for a service that needs them',
      });
    }
  })
  .transform((spec) => ({
    ...spec,
    // Sorted and unique so equal descriptions give equal output, whatever order they were written in.
    features: [...new Set(spec.features)].sort(),
    peakConcurrent: spec.peakConcurrent ?? Math.max(1, Math.ceil(spec.usersMonth * PEAK_CONCURRENT_SHARE[spec.type])),
  }));

/** What the person writes to describe their service, before defaults. */
export type ServiceSpecInput = z.input<typeof specSchema>;
/** A validated service description with defaults applied (`peakConcurrent` derived, `spike` defaulted). */
export type ServiceSpec = z.output<typeof specSchema>;

/** Validates a service description; a UserError lists each bad field as `field: what was expected`. */
export function parseSpec(input: unknown): ServiceSpec {
  const result = specSchema.safeParse(input);
  if (result.success) return result.data;
  throw new UserError(
    `invalid service description: ${describeIssues(result.error).join('; ')}`,
    'fix the fields named above and run again',
  );
}

/** Whether the spec asks for a feature. */
export function hasFeature(spec: Pick<ServiceSpec, 'features'>, feature: Feature): boolean {
  return spec.features.includes(feature);
}
