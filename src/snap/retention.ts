import type { Dirent } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ExternalError, UserError, messageOf } from '../core/errors.js';
import { parseSnapshotFileName } from './format.js';

/** Local snapshot retention. Kept free of the AWS SDK so a plain `snap` never loads it. */

/** The moment before which snapshots are old, or null when keepDays is 0 (pruning disabled). */
export function retentionCutoff(keepDays: number, now: Date): number | null {
  if (!Number.isFinite(keepDays) || keepDays < 0)
    throw new UserError(`keep_days must be 0 or more, got ${keepDays}`, 'use 0 to keep every snapshot');
  return keepDays === 0 ? null : now.getTime() - keepDays * 86_400_000;
}

/** Input of {@link pruneLocal}. */
export interface PruneLocalInput {
  dir: string;
  /** Delete snapshots taken more than this many days before `now`. 0 disables pruning. */
  keepDays: number;
  now: Date;
}

/**
 * Deletes snapshot files in `dir` (not in subfolders) whose name-encoded time is older than
 * `keepDays`. Other files are never touched. A missing `dir` has nothing to prune.
 * Returns the deleted paths.
 */
export async function pruneLocal({ dir, keepDays, now }: PruneLocalInput): Promise<{ deleted: string[] }> {
  const before = retentionCutoff(keepDays, now);
  if (before === null) return { deleted: [] };
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { deleted: [] };
    throw new ExternalError(
      `cannot list ${dir} to prune old snapshots: ${messageOf(error)}`,
      'check the folder exists and is readable',
      { cause: error },
    );
  }
  const deleted: string[] = [];
  for (const entry of entries) {
    const parsed = entry.isFile() ? parseSnapshotFileName(entry.name) : null;
    if (!parsed || parsed.takenAt.getTime() >= before) continue;
    const path = join(dir, entry.name);
    try {
      await unlink(path);
      deleted.push(path);
    } catch (error) {
      // Something else (a concurrent prune) removed it first: the goal is met.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new ExternalError(
        `cannot delete old snapshot ${path}: ${messageOf(error)}`,
        'check the folder is writable',
        { cause: error },
      );
    }
  }
  return { deleted };
}
