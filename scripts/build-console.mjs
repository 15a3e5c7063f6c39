// Builds the web console (src/web, React) into dist/console with esbuild: one hashed ES module
// (plus chunks loaded on demand, such as the Hosts page with uPlot), its CSS, and index.html that
// loads them. No inline script or style (the console's CSP forbids both) and nothing from a CDN.
// Fails when the first load (entry, its static chunks, the CSS) passes 300 KB gzip.
// Run by `npm run build` after tsup. It builds into a staging folder and moves the files in with
// index.html last, then removes the old ones: a daemon serving dist/console meanwhile (another
// test, another build) never finds the folder empty or index.html naming missing files.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { build } from 'esbuild';

const target = path.resolve('dist/console');
const outdir = path.resolve(`dist/.console-${process.pid}`);
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const result = await build({
  entryPoints: ['src/web/main.tsx'],
  bundle: true,
  format: 'esm',
  splitting: true,
  minify: true,
  sourcemap: true,
  target: ['chrome111', 'firefox111', 'safari16'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  outdir,
  metafile: true,
  tsconfig: 'src/web/tsconfig.json',
  logLevel: 'warning',
});
const outputs = Object.entries(result.metafile.outputs);
const entry = outputs.find(([, o]) => o.entryPoint === 'src/web/main.tsx')?.[0];
// Every stylesheet is linked up front: the on-demand chunks' CSS (uPlot's) is small, and a
// <link> added later by script would need a CSP exception nobody wants.
const stylesheets = outputs
  .filter(([file]) => file.endsWith('.css'))
  .map(([file]) => file)
  .sort((a, b) => Number(path.basename(b).startsWith('main-')) - Number(path.basename(a).startsWith('main-')));
const base = (file) => `/console/${path.basename(file)}`;
const links = stylesheets.map((css) => `<link rel="stylesheet" href="${base(css)}">\n`).join('');
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>soloops console</title>
${links}<script type="module" src="${base(entry)}"></script>
</head>
<body>
<div id="root"></div>
</body>
</html>
`;
await writeFile(path.join(outdir, 'index.html'), html);

// The first load: the entry, the chunks it imports statically (transitively), and the CSS.
const firstLoad = new Set(stylesheets);
const visit = (file) => {
  if (firstLoad.has(file)) return;
  firstLoad.add(file);
  for (const imported of result.metafile.outputs[file]?.imports ?? [])
    if (imported.kind === 'import-statement') visit(imported.path);
};
visit(entry);
let gzipBytes = 0;
for (const file of firstLoad) gzipBytes += gzipSync(await readFile(file)).length;
const BUDGET = 300 * 1024;
if (gzipBytes > BUDGET) {
  await rm(outdir, { recursive: true, force: true });
  console.error(`console: first load is ${Math.round(gzipBytes / 1024)} KB gzip, over the 300 KB budget`);
  process.exit(1);
}

// Move in: hashed assets first, index.html last (each rename is atomic), then drop the old files.
await mkdir(target, { recursive: true });
const built = await readdir(outdir);
for (const file of built.filter((f) => f !== 'index.html'))
  await rename(path.join(outdir, file), path.join(target, file));
await rename(path.join(outdir, 'index.html'), path.join(target, 'index.html'));
for (const file of await readdir(target))
  if (!built.includes(file)) await rm(path.join(target, file), { recursive: true, force: true });
await rm(outdir, { recursive: true, force: true });
