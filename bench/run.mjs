// Runs every benchmark in turn: `npm run bench`.
for (const name of ['help', 'snap', 'triage-throughput', 'triage-quality']) {
  await import(`./${name}.mjs`);
}
