import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STATE_FILE, readDaemonState, removeDaemonState, writeDaemonState } from './state-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const home = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-state-'));
  dirs.push(dir);
  return path.join(dir, 'data');
};
const mine = { pid: process.pid, host: '127.0.0.1', port: 43_210, startedAt: '2026-12-04T03:00:00.000Z' };

describe('the daemon state file', () => {
  it('is written whole (creating the data folder), read back alive, and removed only by its own daemon', () => {
    const dir = home();
    expect(readDaemonState(dir)).toBeNull();
    expect(writeDaemonState(dir, mine)).toBeNull();
    expect(JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8'))).toEqual(mine);
    expect(fs.readdirSync(dir)).toEqual([STATE_FILE]);
    expect(readDaemonState(dir)).toEqual({ state: mine, alive: true });
    // A daemon started since on another port owns the file now: the first one's stop leaves it.
    removeDaemonState(dir, { ...mine, port: 1 });
    expect(readDaemonState(dir)).not.toBeNull();
    removeDaemonState(dir, mine);
    expect(readDaemonState(dir)).toBeNull();
  });

  it('names a process that is gone as not alive (a crash or kill -9 left it behind)', () => {
    const dir = home();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeDaemonState(dir, { ...mine, pid: gone });
    expect(readDaemonState(dir)).toEqual({ state: { ...mine, pid: gone }, alive: false });
  });

  it('a file that is not a state file is no state; a folder it cannot write is an error returned, not thrown', () => {
    const dir = home();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, STATE_FILE), '{"pid":"x"}');
    expect(readDaemonState(dir)).toBeNull();
    fs.writeFileSync(path.join(dir, 'file'), '');
    expect(writeDaemonState(path.join(dir, 'file'), mine)).toBeInstanceOf(Error);
  });
});
