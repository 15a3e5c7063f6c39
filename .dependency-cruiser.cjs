/**
 * The layering of DESIGN.md, checked by `npm run lint` (and so by CI):
 *   cli → app → domains (sources, triage, notify, watch, digest, incident, snap, architect, store, llm) → core
 * Unit tests beside the code obey the same rules as the code they test.
 */
const DOMAINS = '(sources|triage|notify|watch|digest|incident|snap|architect|store|llm)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle makes load order matter and hides which unit depends on which.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing-of-ours',
      severity: 'error',
      comment: 'core is the shared vocabulary: every layer imports it, so it may import none of them.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'domains-never-import-app-or-cli',
      severity: 'error',
      comment: 'Domains are wired together by app; reaching up would tie engine code to one command.',
      from: { path: `^src/${DOMAINS}/` },
      to: { path: '^src/(app|cli)/' },
    },
    {
      name: 'app-never-imports-cli',
      severity: 'error',
      comment: 'app is what a command runs; the terminal, flags and ink stay in cli.',
      from: { path: '^src/app/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'cli-imports-only-app-core-and-its-own',
      severity: 'error',
      comment: 'cli stays thin: options → an app service → the reporter. Domain code is reached through app.',
      from: { path: '^src/cli/' },
      to: { path: '^src/', pathNot: '^src/(cli|app|core)/' },
    },
    {
      name: 'web-imports-only-core-and-its-own',
      severity: 'error',
      comment: 'The console page runs in a browser: it shares only the vocabulary (core) with the server.',
      from: { path: '^src/web/' },
      to: { path: '^src/', pathNot: '^src/(web|core)/' },
    },
    {
      name: 'nothing-imports-the-web-page',
      severity: 'error',
      comment: 'The CLI and the daemon never load the console page; it is built apart into dist/console.',
      from: { path: '^src/', pathNot: '^src/web/' },
      to: { path: '^src/web/' },
    },
    {
      name: 'no-test-code-in-the-product',
      severity: 'error',
      comment: 'Test helpers and fixtures must never ship.',
      from: { path: '^src/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
