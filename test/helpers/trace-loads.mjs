// Preloaded with `node --import` to record every module the CLI resolves, one URL per line,
// into the file named by SOLOOPS_TRACE_LOADS. Used to prove `--help` loads no SDK.
import { register } from 'node:module';
import fs from 'node:fs';

const out = process.env.SOLOOPS_TRACE_LOADS;
const hooks = `
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  (await import('node:fs')).appendFileSync(${JSON.stringify(out)}, result.url + '\\n');
  return result;
}`;
fs.writeFileSync(out, '');
register('data:text/javascript,' + encodeURIComponent(hooks));
