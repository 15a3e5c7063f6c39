import type { SnapFormat, UploadConfig } from '../../core/config.js';
import { pruneRemote } from '../../snap/s3-retention.js';
import { createS3Client, uploadSnapshot } from '../../snap/upload.js';

const contentTypes: Record<SnapFormat, string> = {
  json: 'application/json',
  yaml: 'application/yaml',
  csv: 'text/csv',
};

/**
 * Uploads one rendered snapshot and, when asked, prunes old ones under the same prefix.
 * Loaded lazily: the AWS SDK is heavy.
 */
export async function uploadAndPrune(
  config: UploadConfig,
  item: { name: string; text: string; format: SnapFormat; keepDays: number; now: Date; signal: AbortSignal },
): Promise<{ upload: { url: string; attempts: number }; prunedRemote: string[] }> {
  const client = createS3Client({ endpoint: config.endpoint, region: config.region });
  try {
    const upload = await uploadSnapshot({
      client,
      url: config.url,
      key: item.name, // uploadSnapshot puts it under the URL's prefix
      body: item.text,
      contentType: contentTypes[item.format],
      encryption: config.encryption,
      kmsKeyId: config.kms_key_id,
      timeoutMs: config.timeout,
      signal: item.signal,
    });
    const prunedRemote =
      config.prune_remote && item.keepDays > 0
        ? (await pruneRemote({ client, url: config.url, keepDays: item.keepDays, now: item.now, signal: item.signal }))
            .deleted
        : [];
    return { upload: { url: upload.url, attempts: upload.attempts }, prunedRemote };
  } finally {
    client.destroy();
  }
}
