// Writes N synthetic alerts as NDJSON: generic JSON, Alertmanager groups, Datadog bodies and syslog
// lines in rotation, with varying numbers so no two lines are the same. Our own data, not the corpus.
import fs from 'node:fs';

const services = ['payments', 'api', 'worker', 'db-1', 'web', 'search', 'auth', 'billing'];
const problems = [
  'is down',
  'latency above 2s',
  'disk 91% full',
  'error rate 7%',
  'backup finished',
  'certificate expires in 9 days',
  'queue lag 1200',
  'memory usage 88%',
];

function line(i) {
  const service = services[i % services.length];
  const problem = problems[(i * 7) % problems.length];
  switch (i % 4) {
    case 0:
      return JSON.stringify({
        title: `${service} ${problem}`,
        message: `check ${service} host-${i % 97}`,
        service,
        labels: { env: 'prod', n: String(i) },
      });
    case 1:
      return JSON.stringify({
        version: '4',
        status: 'firing',
        receiver: 'soloops',
        groupKey: `{}:{alertname="A${i % 50}"}`,
        groupLabels: {},
        commonLabels: { alertname: `A${i % 50}` },
        commonAnnotations: {},
        externalURL: 'http://am:9093',
        alerts: [
          {
            status: 'firing',
            labels: {
              alertname: `${service}Problem`,
              severity: i % 3 ? 'warning' : 'critical',
              instance: `${service}:${9000 + (i % 100)}`,
            },
            annotations: { summary: `${service} ${problem}` },
            startsAt: '2026-11-22T03:00:00Z',
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prom',
            fingerprint: (i % 4096).toString(16).padStart(16, '0'),
          },
        ],
      });
    case 2:
      return JSON.stringify({
        id: String(i),
        title: `[Triggered] ${service} ${problem}`,
        body: `%%%\n${service} ${problem}\n%%%`,
        alert_type: i % 3 ? 'warning' : 'error',
        alert_transition: 'Triggered',
        priority: 'normal',
        aggreg_key: `k${i % 300}`,
        event_type: 'query_alert_monitor',
        date: '1700000000000',
        tags: `service:${service},env:prod`,
      });
    default:
      return (
        `Nov 22 03:04:${String(i % 60).padStart(2, '0')} host${i % 9} ` +
        `${service}[${i}]: ERROR ${problem} (request ${i})`
      );
  }
}

/** Writes `count` alerts to `file` and returns its size in bytes. */
export function writeAlerts(file, count) {
  const fd = fs.openSync(file, 'w');
  for (let start = 0; start < count; start += 1000) {
    const chunk = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) chunk.push(line(i));
    fs.writeSync(fd, `${chunk.join('\n')}\n`);
  }
  fs.closeSync(fd);
  return fs.statSync(file).size;
}
