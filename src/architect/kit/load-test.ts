import { GPU_SECONDS_PER_REQUEST } from '../agents/traffic.js';
import type { ChainResult } from '../chain.js';
import type { KitContext, KitFile } from './kit.js';

// The chain sets no latency or error targets, so the load test's live here, in one place.
/** p95 response time the test fails above, in ms: the ALB p95 that SCALING.md names as the scale-out trigger. */
export const P95_MS = 500;
/** p95 for an AI route: the planned GPU time of one inference on top of the ordinary budget. */
export const EXPENSIVE_P95_MS = P95_MS + GPU_SECONDS_PER_REQUEST * 1000;
/** Failed requests (errors, 4xx/5xx, 429s) the test tolerates: well under the 5 % the CloudFront alarm pages on. */
export const MAX_ERROR_RATE = 0.01;
/** Minutes at the normal peak, then minutes up to the spike, held, and back down. */
export const PEAK_MINUTES = 5;
export const SPIKE_RAMP_MINUTES = 1;
export const SPIKE_HOLD_MINUTES = 3;
/** Raising the WAF limit for a test: one k6 machine's requests a minute at the spike, plus this headroom. */
export const TEST_LIMIT_HEADROOM = 1.2;
/** AWS WAF's smallest rate-based limit. */
const WAF_MIN_LIMIT = 10;

type Front = ChainResult['services']['front']['kind'];

/** Where BASE_URL comes from for each front k6 can load over HTTP. */
const BASE_URL_HINT: Partial<Record<Front, string>> = {
  cloudfront: 'https://$(terraform output -raw cdn_domain_name)',
  // The listener's certificate is for your domain, not for the load balancer's own name.
  alb: 'https://app.example.com  (your domain, pointed at `terraform output -raw alb_dns_name`)',
  'api-gateway': '$(terraform output -raw api_endpoint)',
};
/** Requests a second one k6 machine sends at most, roughly; past it the test needs several machines anyway. */
export const K6_MACHINE_RPS = 2_000;

/** The values the script's `options` and comments are built from; exported for the tests. */
export interface LoadTestPlan {
  front: Front;
  peakRate: number;
  spikeRate: number;
  /** Paths the scenarios call: the AI routes of an AI service, else the site or app root. */
  paths: string[];
  expensive: boolean;
  p95Ms: number;
}

/** Rates are whole requests per second (k6 wants integers), rounded up so the test is never lighter than the plan. */
export function loadTestPlan(context: KitContext): LoadTestPlan | null {
  const { result, terraform } = context;
  const front = result.services.front.kind;
  // A game's load is UDP and websocket traffic to the fleet behind the NLB, which an HTTP script does not model.
  if (!(front in BASE_URL_HINT)) return null;
  const paths = front === 'api-gateway' ? (JSON.parse(terraform.values.expensive_route_paths ?? '[]') as string[]) : [];
  const expensive = paths.length > 0;
  return {
    front,
    peakRate: Math.max(1, Math.ceil(result.traffic.peakRps)),
    spikeRate: Math.max(1, Math.ceil(result.traffic.spikeRps)),
    paths: expensive ? paths : ['/'],
    expensive,
    p95Ms: expensive ? EXPENSIVE_P95_MS : P95_MS,
  };
}

/** k6 `options`: the normal peak as a constant arrival rate, then a ramp to the spike, held and back. */
export function loadTestOptions(plan: LoadTestPlan): Record<string, unknown> {
  // Little's law with 2× headroom: requests in flight at the p95 latency.
  const vus = (rate: number) => Math.max(5, Math.ceil(rate * (plan.p95Ms / 1000) * 2));
  const exec = plan.expensive ? 'expensive' : 'front';
  return {
    scenarios: {
      peak: {
        executor: 'constant-arrival-rate',
        exec,
        rate: plan.peakRate,
        timeUnit: '1s',
        duration: `${PEAK_MINUTES}m`,
        preAllocatedVUs: vus(plan.peakRate),
        maxVUs: vus(plan.peakRate) * 4,
      },
      spike: {
        executor: 'ramping-arrival-rate',
        exec,
        startTime: `${PEAK_MINUTES}m`,
        startRate: plan.peakRate,
        timeUnit: '1s',
        stages: [
          { target: plan.spikeRate, duration: `${SPIKE_RAMP_MINUTES}m` },
          { target: plan.spikeRate, duration: `${SPIKE_HOLD_MINUTES}m` },
          { target: plan.peakRate, duration: `${SPIKE_RAMP_MINUTES}m` },
        ],
        preAllocatedVUs: vus(plan.spikeRate),
        maxVUs: vus(plan.spikeRate) * 4,
      },
    },
    thresholds: {
      http_req_failed: [`rate<${MAX_ERROR_RATE}`],
      'http_req_duration{scenario:peak}': [`p(95)<${plan.p95Ms}`],
      'http_req_duration{scenario:spike}': [`p(95)<${plan.p95Ms}`],
    },
  };
}

/** The comment lines on the rate limits that block a load test, with the exact command to lift them. */
function limitNotes(plan: LoadTestPlan, context: KitContext): string[] {
  const perMinute = plan.spikeRate * 60;
  if (plan.front !== 'api-gateway') {
    const raised = Math.max(WAF_MIN_LIMIT, Math.ceil(perMinute * TEST_LIMIT_HEADROOM));
    return [
      'The WAF blocks any client IP past var.rate_limit_per_client_per_minute (100 by default), so it will block',
      `this test: one k6 machine at the spike sends ${perMinute} requests a minute. Either spread the load over`,
      `${Math.ceil(perMinute / 100)} machines with distinct IPs at that default (k6 --execution-segment), or`,
      'raise the limit for the test only:',
      `  terraform apply -var rate_limit_per_client_per_minute=${raised}`,
      'and run `terraform apply` without -var right after, which puts the default back.',
      ...(plan.spikeRate > K6_MACHINE_RPS
        ? [
            `One machine sends about ${K6_MACHINE_RPS} req/s at most: for ${plan.spikeRate} req/s run k6 on`,
            `${Math.ceil(plan.spikeRate / K6_MACHINE_RPS)} machines, each with its --execution-segment.`,
          ]
        : []),
    ];
  }
  const clients = Number(context.terraform.values.api_clients_at_peak ?? '1');
  const notes = [
    'An HTTP API has no WAF: one k6 machine is not blocked per IP. The stage throttles all callers together at',
    `the planned spike (${plan.spikeRate} req/s), so this test runs right at that ceiling.`,
  ];
  if (!plan.expensive) return notes;
  const raised = Math.max(WAF_MIN_LIMIT, Math.ceil(perMinute / clients));
  return [
    ...notes,
    'The expensive routes hold at the planned peak crowd’s allowance, below the spike, and answer 429 beyond it',
    '(counted as failures). To load them up to the spike, raise their limit for the test only:',
    `  terraform apply -var expensive_route_rate_limit_per_minute=${raised}`,
    'and run `terraform apply` without -var right after, which puts the default back.',
  ];
}

/** loadtest/k6.js: a k6 ES module script at the plan's peak and spike rates; null when k6 over HTTP does not fit. */
export function loadTestScript(context: KitContext): string | null {
  const plan = loadTestPlan(context);
  if (plan === null) return null;
  const { result } = context;
  const comment = (lines: string[]) => lines.map((line) => (line ? `// ${line}` : '//')).join('\n');
  const header = [
    `Load test of the ${result.spec.type} design: the normal peak (${plan.peakRate} req/s for ${PEAK_MINUTES} min),`,
    `then the spike (${plan.spikeRate} req/s, held ${SPIKE_HOLD_MINUTES} min), from the traffic plan of soloops`,
    'architect.',
    `It fails when p95 latency passes ${plan.p95Ms} ms or more than ${MAX_ERROR_RATE * 100} % of requests fail.`,
    '',
    `  k6 run -e BASE_URL=${BASE_URL_HINT[plan.front]} loadtest/k6.js`,
    plan.expensive
      ? '  (-e PATHS=/a,/b to call other routes, -e BODY=\'{"prompt":"…"}\' for the JSON each POST sends)'
      : '  (-e PATHS=/a,/b to call other paths than /)',
    '',
    ...limitNotes(plan, context),
    '',
    'Never run it against production without telling AWS first: from many machines it looks like a DDoS. Follow',
    'the AWS DDoS simulation testing policy and network stress test policy (https://aws.amazon.com/ec2/testing/),',
    'or better, apply this Terraform to a copy of the stack with another var.name and test that.',
  ];
  return `${comment(header)}
import http from 'k6/http';
import { check } from 'k6';

// A JSON literal, so a test (or a script) can read the planned rates and thresholds back.
export const options = ${JSON.stringify(loadTestOptions(plan), null, 2)};

const BASE_URL = (__ENV.BASE_URL || '').replace(/\\/+$/, '');
if (!BASE_URL.startsWith('https://')) throw new Error('set BASE_URL to the https:// address: k6 run -e BASE_URL=...');
const PATHS = __ENV.PATHS ? __ENV.PATHS.split(',') : ${JSON.stringify(plan.paths)};
const BODY = __ENV.BODY || '{"prompt":"load test"}';

// Round-robin over the paths, per VU, so every route takes its share.
let next = 0;
const nextPath = () => PATHS[next++ % PATHS.length];

export function front() {
  const res = http.get(BASE_URL + nextPath(), { tags: { route: 'front' } });
  check(res, { 'status is 2xx/3xx': (r) => r.status >= 200 && r.status < 400 });
}

export function expensive() {
  const res = http.post(BASE_URL + nextPath(), BODY, {
    headers: { 'Content-Type': 'application/json' },
    tags: { route: 'expensive' },
  });
  check(res, {
    'status is 2xx': (r) => r.status >= 200 && r.status < 300,
    'not rate limited (429)': (r) => r.status !== 429,
  });
}
`;
}

/** The kit registry's entry. */
export const loadTestFile: KitFile = {
  path: 'loadtest/k6.js',
  purpose: 'k6 load test at the planned peak then the spike, failing past the p95 latency and error-rate targets',
  render: loadTestScript,
};
