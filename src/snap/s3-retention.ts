import { posix } from 'node:path';
import {
  DeleteObjectsCommand,
  type DeleteObjectsCommandOutput,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ExternalError } from '../core/errors.js';
import { parseSnapshotFileName } from './format.js';
import { retentionCutoff } from './retention.js';
import { describeS3Error, parseS3Url } from './upload.js';

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
export async function pruneRemote({
  client,
  url,
  keepDays,
  now,
  signal,
}: PruneRemoteInput): Promise<{ deleted: string[] }> {
  const before = retentionCutoff(keepDays, now);
  if (before === null) return { deleted: [] };
  const { bucket, prefix } = parseS3Url(url);
  const listPrefix = prefix ? `${prefix}/` : '';
  const hint = 'check the AWS credentials, the endpoint and that you may list and delete in this bucket';

  const old: string[] = [];
  try {
    for await (const page of paginateListObjectsV2(
      { client },
      { Bucket: bucket, Prefix: listPrefix, Delimiter: '/' },
      { abortSignal: signal },
    )) {
      for (const object of page.Contents ?? []) {
        if (!object.Key || !object.LastModified) continue;
        if (!parseSnapshotFileName(posix.basename(object.Key))) continue;
        if (object.LastModified.getTime() < before) old.push(object.Key);
      }
    }
  } catch (error) {
    throw new ExternalError(
      `cannot list s3://${bucket}/${listPrefix} to prune old snapshots: ${describeS3Error(error)}`,
      hint,
      { cause: error },
    );
  }

  const deleted: string[] = [];
  for (let i = 0; i < old.length; i += DELETE_BATCH) {
    const batch = old.slice(i, i + DELETE_BATCH);
    let output: DeleteObjectsCommandOutput;
    try {
      output = await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
        { abortSignal: signal },
      );
    } catch (error) {
      throw new ExternalError(
        `cannot delete ${batch.length} old snapshots in s3://${bucket}/${listPrefix}: ${describeS3Error(error)}`,
        hint,
        { cause: error },
      );
    }
    // DeleteObjects reports per-key failures in a 200 response; Quiet mode lists only those.
    const failed = new Set((output.Errors ?? []).map((e) => e.Key));
    const errors = output.Errors ?? [];
    deleted.push(...batch.filter((key) => !failed.has(key)).map((key) => `s3://${bucket}/${key}`));
    if (errors.length > 0) {
      const first = errors[0]!;
      throw new ExternalError(
        (
          `could not delete ${errors.length} old snapshot${errors.length === 1 ? '' : 's'} ` +
          `in s3://${bucket}/${listPrefix}, e.g. ${first.Key}: ${first.Code ?? 'error'} ${first.Message ?? ''}`
        ).trim(),
        hint,
      );
    }
  }
  return { deleted };
}
