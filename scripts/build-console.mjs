// Builds the web console (src/web, React) into dist/console with esbuild: one hashed ES module,
// its CSS, and index.html that loads them. No inline script or style (the console's CSP forbids
// both) and nothing from a CDN. Run by `npm run build` after tsup.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const outdir = path.resolve('dist/console');
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
const css =
  outputs.find(([file, o]) => file.endsWith('.css') && o.entryPoint === undefined)?.[0] ??
  outputs.find(([file]) => file.endsWith('.css'))?.[0];
const base = (file) => `/console/${path.basename(file)}`;
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>soloops console</title>
${css ? `<link rel="stylesheet" href="${base(css)}">\n` : ''}<script type="module" src="${base(entry)}"></script>
</head>
<body>
<div id="root"></div>
</body>
</html>
`;
await writeFile(path.join(outdir, 'index.html'), html);
