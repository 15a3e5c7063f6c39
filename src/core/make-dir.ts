import fs from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p` that always ends. Node 20's own `fs.mkdir(dir, { recursive: true })` spins at 100 % CPU
 * forever, deaf to SIGTERM, when a parent exists but cannot hold children: `/proc/foo` gets ENOENT,
 * its parent `/proc` EEXIST, and the walk retries the child without end (a dangling symlink does the
 * same). Here each missing folder is created once, parent first, and the first failure is thrown
 * (ENOENT, EACCES, ENOTDIR, …) for the caller to explain.
 */
export function makeDirSync(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (isDirectory(current)) break;
    missing.push(current);
    if (path.dirname(current) === current) break; // a missing root: mkdir below says why
  }
  for (const folder of missing.reverse()) {
    try {
      fs.mkdirSync(folder, mode === undefined ? undefined : { mode });
    } catch (error) {
      // Another process may have created it in between; anything else is final.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirectory(folder)) throw error;
    }
  }
}

/** Whether `target` is a folder; a missing path is false, any other failure (EACCES, ELOOP) is thrown. */
function isDirectory(target: string): boolean {
  try {
    const stats = fs.statSync(target);
    if (stats.isDirectory()) return true;
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${target}'`), { code: 'ENOTDIR' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
