// Runs every benchmark in turn: `npm run bench`.
for (const name of ['help', 'snap', 'triage-throughput', 'triage-quality', 'ingest', 'watch-checks', 'wake-latency', 'digest']) {
  await import(`./${name}.mjs`);
}
