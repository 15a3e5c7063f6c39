// Runs every benchmark in turn: `npm run bench`.
for (const name of [
  'help',
  'snap',
  'triage-throughput',
  'triage-long-line',
  'triage-quality',
  'ingest',
  'watch-checks',
  'wake-latency',
  'auto-incident',
  'digest',
  'sla-report',
  'status-build',
  'api-reads',
  'console',
  'prune',
  'architect',
]) {
  await import(`./${name}.mjs`);
}
