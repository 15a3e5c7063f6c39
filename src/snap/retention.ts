import { readdir, unlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { DeleteObjectsCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { ExternalError, UserError, messageOf } from '../core/errors.js';
import { snapFormats, type SnapFormat } from '../core/config.js';
import { describeS3Error, parseS3Url } from './upload.js';

/** What a snapshot file name says about the snapshot. */
export interface SnapshotFileName {
  host: string;
  takenAt: Date;
  format: SnapFormat;
}

const NAME = new RegExp(`^snap-(.+)-(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})Z\\.(${snapFormats.join('|')})$`);

/**
 * Parses `snap-<host>-<yyyymmddThhmmssZ>.<json|yaml|csv>`; null for anything else, including
 * impossible dates, so retention never deletes a file it did not write.
 */
export function parseSnapshotFileName(name: string): SnapshotFileName | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, host, y, mo, d, h, mi, s, format] = m as unknown as string[];
  const takenAt = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!));
  // Date.UTC rolls 2025-02-30 over to March; the round trip catches that.
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.000Z`;
  if (Number.isNaN(takenAt.getTime()) || takenAt.toISOString() !== iso) return null;
  return { host: host!, takenAt, format: format as SnapFormat };
}

/** The moment before which snapshots are old, or null when keepDays is 0 (pruning disabled). */
function cutoff(keepDays: number, now: Date): number | null {
  if (!Number.isFinite(keepDays) || keepDays < 0) throw new UserError(`keep_days must be 0 or more, got ${keepDays}`, 'use 0 to keep every snapshot');
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
  const before = cutoff(keepDays, now);
  if (before === null) return { deleted: [] };
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { deleted: [] };
    throw new ExternalError(`cannot list ${dir} to prune old snapshots: ${messageOf(error)}`, 'check the folder exists and is readable', { cause: error });
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
      throw new ExternalError(`cannot delete old snapshot ${path}: ${messageOf(error)}`, 'check the folder is writable', { cause: error });
    }
  }
  return { deleted };
}

/** Input of {@link pruneRemote}. */
export interface PruneRemoteInput {
  client: S3Client;
  /** `s3://bucket/prefix`, the same URL snapshots are uploaded to. */
  url: string;
  /** Delete objects last modified more than this many days before `now`. 0 disables pruning. */
  keepDays: number;
  now: Date;
  signal?: AbortSignal;
}

/** DeleteObjects takes at most 1,000 keys per request. */
const DELETE_BATCH = 1000;

/**
 * Deletes snapshot objects directly under the URL's prefix whose LastModified is older than
 * `keepDays`. Only keys whose last path segment is a snapshot file name qualify; deeper
 * "folders" are left alone (the Delimiter keeps them out of the listing).
 * Returns the deleted objects as `s3://bucket/key` URLs.
 */
export async function pruneRemote({ client, url, keepDays, now, signal }: PruneRemoteInput): Promise<{ deleted: string[] }> {
  const before = cutoff(keepDays, now);
  if (before === null) return { deleted: [] };
  const { bucket, prefix } = parseS3Url(url);
  const listPrefix = prefix ? `${prefix}/` : '';
  const hint = 'check the AWS credentials, the endpoint and that you may list and delete in this bucket';

  const old: string[] = [];
  try {
    for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: listPrefix, Delimiter: '/' }, { abortSignal: signal })) {
      for (const object of page.Contents ?? []) {
        if (!object.Key || !object.LastModified) continue;
        if (!parseSnapshotFileName(posix.basename(object.Key))) continue;
        if (object.LastModified.getTime() < before) old.push(object.Key);
      }
    }
  } catch (error) {
    throw new ExternalError(`cannot list s3://${bucket}/${listPrefix} to prune old snapshots: ${describeS3Error(error)}`, hint, { cause: error });
  }

  const deleted: string[] = [];
  for (let i = 0; i < old.length; i += DELETE_BATCH) {
    const batch = old.slice(i, i + DELETE_BATCH);
    let output;
    try {
      output = await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
        { abortSignal: signal },
      );
    } catch (error) {
      throw new ExternalError(`cannot delete ${batch.length} old snapshots in s3://${bucket}/${listPrefix}: ${describeS3Error(error)}`, hint, { cause: error });
    }
    // DeleteObjects reports per-key failures in a 200 response; Quiet mode lists only those.
    const failed = new Set((output.Errors ?? []).map((e) => e.Key));
    const errors = output.Errors ?? [];
    deleted.push(...batch.filter((key) => !failed.has(key)).map((key) => `s3://${bucket}/${key}`));
    if (errors.length > 0) {
      const first = errors[0]!;
      throw new ExternalError(
        `could not delete ${errors.length} old snapshot${errors.length === 1 ? '' : 's'} in s3://${bucket}/${listPrefix}, e.g. ${first.Key}: ${first.Code ?? 'error'} ${first.Message ?? ''}`.trim(),
        hint,
      );
    }
  }
  return { deleted };
}
