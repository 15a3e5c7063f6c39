// Preloaded with `node --import` to record every module the CLI loads, one URL per line, into the
// file named by SOLOOPS_TRACE_LOADS. Used to prove `--help` loads no SDK.
import { register } from 'node:module';
import fs from 'node:fs';

fs.writeFileSync(process.env.SOLOOPS_TRACE_LOADS, '');
register(new URL('./trace-loads-hooks.mjs', import.meta.url), { data: { out: process.env.SOLOOPS_TRACE_LOADS } });
