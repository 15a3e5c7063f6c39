// Runs every benchmark in turn: `npm run bench`.
for (const name of ['help', 'snap']) {
  await import(`./${name}.mjs`);
}
