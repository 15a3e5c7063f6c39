// Critical alert stored → first Twilio API request: the built `soloops watch` with Twilio pointed
// at a local stand-in of its REST API (SOLOOPS_TWILIO_API_URL), 100 critical alerts one after
// another, each its own group. Measured from the 202 (the alert is committed) to the moment the
// Calls.json request arrives. Reference, same run: a bare POST from here to the same stand-in
// (the loopback HTTP floor). Budget: ≤ 2 s (the product promise is 30 s).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, report, startWatch } from './lib.mjs';

const bin = fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 100);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-wake-'));
const accountSid = `AC${'0'.repeat(32)}`;

// The stand-in answers like Twilio (201 with a call resource) and notes when each call arrives.
let onCall = () => {};
const twilio = http.createServer((req, res) => {
  req.resume().on('end', () => {
    if (req.url.endsWith('/Calls.json')) onCall(performance.now());
    res
      .writeHead(201, { 'content-type': 'application/json' })
      .end(JSON.stringify({ sid: `CA${'1'.repeat(32)}`, status: 'queued', account_sid: accountSid }));
  });
});
await new Promise((resolve) => twilio.listen(0, '127.0.0.1', resolve));
const twilioUrl = `http://127.0.0.1:${twilio.address().port}`;

fs.writeFileSync(
  path.join(dir, 'soloops.yaml'),
  [
    'watch: {port: 0, rate_limit: {max: 100000, window: 1m}}',
    'triage: {rules: [{name: all-critical, match: {title: "*"}, severity: critical}]}',
    'wake: {calls: 1, sms: false, twilio: {account_sid: {env: TWILIO_ACCOUNT_SID}, ' +
      'auth_token: {env: TWILIO_AUTH_TOKEN}, from: "+15005550006", to: "+15005550001"}}',
  ].join('\n'),
);
const env = {
  ...process.env,
  SOLOOPS_HOME: path.join(dir, 'home'),
  TWILIO_ACCOUNT_SID: accountSid,
  TWILIO_AUTH_TOKEN: 'bench-token',
  SOLOOPS_TWILIO_API_URL: twilioUrl,
  CI: '1',
};
const daemon = await startWatch(bin, dir, env);
const port = daemon.port;

// Fingerprints drop numbers ("outage 7" is "outage 8" firing again), so each alert gets its own words.
const word = (i) => Array.from(String(i).padStart(3, '0'), (d) => 'abcdefghij'[Number(d)]).join('');
const latencies = [];
const floors = [];
for (let i = 0; i < runs; i++) {
  const called = new Promise((resolve) => (onCall = resolve));
  const response = await fetch(`http://127.0.0.1:${port}/v1/alerts/generic`, {
    method: 'POST',
    body: JSON.stringify({ title: `bench outage ${word(i)}`, message: 'down', service: `svc-${word(i)}` }),
  });
  const stored = performance.now();
  const answer = await response.text();
  if (response.status !== 202) throw new Error(`the daemon answered ${response.status}: ${answer}`);
  latencies.push((await called) - stored);
  const before = performance.now();
  await fetch(`${twilioUrl}/2010-04-01/Accounts/${accountSid}/Floor.json`, { method: 'POST', body: 'x=1' }).then((r) =>
    r.text(),
  );
  floors.push(performance.now() - before);
}
await daemon.stop();
twilio.close();
const p99 = [...latencies].sort((a, b) => a - b)[Math.ceil(latencies.length * 0.99) - 1];
report(
  `critical alert stored → first Twilio request, ${runs} alerts`,
  { median: median(latencies), p99, 'bare loopback POST': median(floors), ratio: median(latencies) / median(floors) },
  '≤ 2000 ms',
);
fs.rmSync(dir, { recursive: true, force: true });
