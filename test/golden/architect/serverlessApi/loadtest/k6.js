// Load test of the api design: the normal peak (40 req/s for 5 min),
// then the spike (400 req/s, held 3 min), from the traffic plan of soloops
// architect.
// It fails when p95 latency passes 500 ms or more than 1 % of requests fail.
//
//   k6 run -e BASE_URL=$(terraform output -raw api_endpoint) loadtest/k6.js
//   (-e PATHS=/a,/b to call other paths than /)
//
// An HTTP API has no WAF: one k6 machine is not blocked per IP. The stage throttles all callers together at
// the planned spike (400 req/s), so this test runs right at that ceiling.
//
// Never run it against production without telling AWS first: from many machines it looks like a DDoS. Follow
// the AWS DDoS simulation testing policy and network stress test policy (https://aws.amazon.com/ec2/testing/),
// or better, apply this Terraform to a copy of the stack with another var.name and test that.
import http from 'k6/http';
import { check } from 'k6';

// A JSON literal, so a test (or a script) can read the planned rates and thresholds back.
export const options = {
  "scenarios": {
    "peak": {
      "executor": "constant-arrival-rate",
      "exec": "front",
      "rate": 40,
      "timeUnit": "1s",
      "duration": "5m",
      "preAllocatedVUs": 40,
      "maxVUs": 160
    },
    "spike": {
      "executor": "ramping-arrival-rate",
      "exec": "front",
      "startTime": "5m",
      "startRate": 40,
      "timeUnit": "1s",
      "stages": [
        {
          "target": 400,
          "duration": "1m"
        },
        {
          "target": 400,
          "duration": "3m"
        },
        {
          "target": 40,
          "duration": "1m"
        }
      ],
      "preAllocatedVUs": 400,
      "maxVUs": 1600
    }
  },
  "thresholds": {
    "http_req_failed": [
      "rate<0.01"
    ],
    "http_req_duration{scenario:peak}": [
      "p(95)<500"
    ],
    "http_req_duration{scenario:spike}": [
      "p(95)<500"
    ]
  }
};

const BASE_URL = (__ENV.BASE_URL || '').replace(/\/+$/, '');
if (!BASE_URL.startsWith('https://')) throw new Error('set BASE_URL to the https:// address: k6 run -e BASE_URL=...');
const PATHS = __ENV.PATHS ? __ENV.PATHS.split(',') : ["/"];
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
