import { PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { StandardRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ExternalError, InterruptedError, UserError, messageOf } from '../core/errors.js';

/** Where snapshots go: a bucket and a key prefix without leading or trailing slashes. */
export interface S3Location {
  bucket: string;
  prefix: string;
}

/** Server-side encryption mode; `none` leaves it to the bucket's default. */
export type S3Encryption = 'AES256' | 'aws:kms' | 'none';

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `s3://bucket/prefix` (prefix optional). Throws UserError naming what is wrong. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(url.trim());
  const hint = 'write it as s3://bucket/prefix, e.g. s3://my-backups/snapshots';
  if (!match) throw new UserError(`not an S3 URL: ${JSON.stringify(url)}`, hint);
  const bucket = match[1] ?? '';
  if (!BUCKET.test(bucket)) {
    throw new UserError(`not a valid S3 bucket name: ${JSON.stringify(bucket)} in ${url}`, hint);
  }
  return { bucket, prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

/** Joins a prefix and a name into an object key. */
export function objectKey(prefix: string, name: string): string {
  return prefix ? `${prefix}/${name}` : name;
}

/** Options for {@link createS3Client}. Credentials always come from the standard AWS chain. */
export interface S3ClientOptions {
  /** An S3-compatible endpoint (MinIO, s3rver…); switches to path-style addressing. */
  endpoint?: string;
  region?: string;
  /** Total attempts per request, the first included. Default 5. */
  maxAttempts?: number;
  /** Base of the SDK's jittered exponential backoff. Default 100 ms; tests pass 1. */
  retryBaseMs?: number;
  /** Abandon a connection attempt after this long. Default 5 s. */
  connectionTimeoutMs?: number;
  /** Abandon a request that takes longer than this once connected. Default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * Builds an S3 client. No credentials are passed here on purpose: the SDK's default chain
 * (env, shared config/SSO, web identity, instance/container roles) finds them, and they never
 * pass through our code or logs.
 */
export function createS3Client(options: S3ClientOptions = {}): S3Client {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return new S3Client({
    region,
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    // The SDK's own standard strategy: jittered exponential backoff capped at 20 s, retries only
    // transient errors (resets, refusals, timeouts, 5xx, throttling) and keeps a retry budget.
    retryStrategy: new StandardRetryStrategy({
      maxAttempts: options.maxAttempts ?? 5,
      baseDelay: options.retryBaseMs ?? 100,
    }),
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? 5_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      // Without this a request timeout is only a logged warning, and the attempt hangs on.
      throwOnRequestTimeout: true,
    }),
  });
}

/** Input of {@link uploadSnapshot}. */
export interface UploadInput {
  client: S3Client;
  /** `s3://bucket/prefix`. */
  url: string;
  /** The object's name under the prefix, e.g. `snap-web1-20250101T000000Z.json`. */
  key: string;
  body: string | Uint8Array;
  contentType: string;
  encryption: S3Encryption;
  /** For `aws:kms`: the key to use instead of the account's default `aws/s3` key. */
  kmsKeyId?: string;
  /** Upper bound for the whole upload, retries and backoff included. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Where the snapshot landed and how many attempts it took. */
export interface UploadResult {
  url: string;
  attempts: number;
  etag?: string;
}

/**
 * Puts one snapshot into S3 with server-side encryption, letting the SDK retry transient
 * failures with backoff, all within `timeoutMs`. Throws ExternalError saying what failed.
 */
export async function uploadSnapshot(input: UploadInput): Promise<UploadResult> {
  const { bucket, prefix } = parseS3Url(input.url);
  const key = objectKey(prefix, input.key);
  const target = `s3://${bucket}/${key}`;
  const params: PutObjectCommandInput = { Bucket: bucket, Key: key, Body: input.body, ContentType: input.contentType };
  if (input.encryption !== 'none') params.ServerSideEncryption = input.encryption;
  if (input.encryption === 'aws:kms' && input.kmsKeyId) params.SSEKMSKeyId = input.kmsKeyId;

  const command = new PutObjectCommand(params);
  // Watched per attempt (the deserialize step runs inside the retry loop) because when the
  // deadline aborts, the SDK throws a bare AbortError without the attempts or the real reason.
  let attempts = 0;
  let lastError: unknown;
  command.middlewareStack.add(
    (next) => async (args) => {
      attempts += 1;
      try {
        return await next(args);
      } catch (error) {
        // The deadline's own abort says nothing about why the server did not answer.
        if ((error as Error | null)?.name !== 'AbortError') lastError = error;
        throw error;
      }
    },
    { step: 'deserialize', name: 'soloopsWatchAttempts', priority: 'high' },
  );

  const deadline = AbortSignal.timeout(input.timeoutMs);
  const signal = input.signal ? AbortSignal.any([input.signal, deadline]) : deadline;
  try {
    const output = await input.client.send(command, { abortSignal: signal });
    return {
      url: target,
      attempts: output.$metadata.attempts ?? attempts,
      ...(output.ETag ? { etag: output.ETag } : {}),
    };
  } catch (error) {
    // The person's own cancellation (Ctrl-C) is not an upload failure.
    if (input.signal?.aborted) throw new InterruptedError();
    const tried = Math.max(attempts, metadataAttempts(error));
    const last = lastError === undefined ? undefined : describeS3Error(lastError);
    const reason = deadline.aborted
      ? `no success within ${input.timeoutMs} ms (${last ? `last error: ${last}` : 'no answer from the server'})`
      : (last ?? describeS3Error(error));
    throw new ExternalError(
      // 0 attempts: it failed before any request went out (e.g. no credentials found).
      `upload to ${target} failed ` +
        `${tried === 0 ? 'before sending' : `after ${tried} attempt${tried === 1 ? '' : 's'}`}: ${reason}`,
      'check the AWS credentials (env, profile or role), the endpoint and region, ' +
        'that the bucket exists and that you may write to it',
      { cause: error },
    );
  }
}

function metadataAttempts(error: unknown): number {
  const attempts = (error as { $metadata?: { attempts?: number } } | null)?.$metadata?.attempts;
  return typeof attempts === 'number' ? attempts : 0;
}

/** `code: message` of an SDK or network error; AggregateError (happy eyeballs) has an empty message. */
export function describeS3Error(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code ?? (error as { Code?: string }).Code ?? error.name;
  let message = error.message;
  if (!message && error instanceof AggregateError) message = error.errors.map(messageOf).join('; ');
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return [code, status ? `HTTP ${status}` : '', message].filter(Boolean).join(': ');
}
