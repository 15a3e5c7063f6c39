// Does `soloops snap` see the machine's CPU or itself? Linux only. Starts BENCH_BUSY busy loops
// (default 1: ≈ 50 % on 2 cores), then per run reads /proc/stat over 1 s without soloops (the
// reference, as `top` would show), runs `soloops snap` and compares its cpu.usagePct with the
// reference, with /proc/stat over the snap run itself (soloops included: the old figure) and with
// the loops' own ticks over the snap run (the known load; the rest is whatever else runs).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib.mjs';

const bin = fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const busy = Number(process.env.BENCH_BUSY ?? 1);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-'));

/** [busy, total] ticks of all CPUs so far (busy: everything but idle and iowait). */
function ticks() {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return [total - cpu[3] - cpu[4], total];
}
const pct = ([b0, t0], [b1, t1]) => (100 * (b1 - b0)) / (t1 - t0);
/** utime + stime of the busy loops so far (proc(5) fields 14–15). */
const loopTicks = () =>
  loops.reduce((sum, loop) => {
    const fields = fs.readFileSync(`/proc/${loop.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return sum + Number(fields[11]) + Number(fields[12]);
  }, 0);

const loops = Array.from({ length: busy }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
try {
  pause(1_000); // let the loops settle
  const reference = [];
  const reported = [];
  const raw = [];
  const known = [];
  for (let i = 0; i < runs; i++) {
    const a = ticks();
    pause(1_000);
    const b = ticks();
    const l0 = loopTicks();
    reference.push(pct(a, b));
    const snap = spawnSync('node', [bin, 'snap'], { env: { ...process.env, SOLOOPS_HOME: home }, encoding: 'utf8' });
    const c = ticks();
    known.push((100 * (loopTicks() - l0)) / (c[1] - b[1]));
    if (snap.status !== 0) throw new Error(`soloops snap exited ${snap.status}: ${snap.stderr}`);
    reported.push(JSON.parse(snap.stdout).cpu.usagePct);
    raw.push(pct(b, c));
  }
  const figure = (values) => `${Math.round(median(values) * 10) / 10} %`;
  console.log(
    `soloops snap cpu.usagePct with ${busy} busy loop(s) on ${os.availableParallelism()} cores, median of ${runs}: ` +
      `reference (/proc/stat over 1 s without soloops) ${figure(reference)} · snap ${figure(reported)} · ` +
      `/proc/stat over the snap run (soloops included) ${figure(raw)} · the busy loops alone over the snap run ` +
      `${figure(known)}`,
  );
} finally {
  for (const loop of loops) loop.kill('SIGKILL');
  fs.rmSync(home, { recursive: true, force: true });
}
