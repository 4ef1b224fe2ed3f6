import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { BackupStore, StoredObject } from './backup-store.ts';
import { assertPlainKey } from './backup-store.ts';
import { BackupError } from './errors.ts';

/** Where and how to reach the bucket; credentials come from the standard AWS chain unless given. */
export interface S3StoreOptions {
  bucket: string;
  /** Key prefix of this mode and account, e.g. `dalio-lite/paper/<account>/`. */
  prefix: string;
  region: string;
  /** An S3-compatible endpoint (MinIO, s3rver); null = AWS. */
  endpoint: string | null;
  forcePathStyle: boolean;
  serverSideEncryption: 'AES256' | 'aws:kms' | 'none';
  kmsKeyId: string | null;
  /** Explicit credentials (otherwise environment, profile, SSO, instance role — the AWS SDK's chain). */
  credentials?: S3ClientConfig['credentials'];
  /** Give up on a request after this long (default 15 s), so a hung endpoint never holds a cycle's follow-up. */
  timeoutMs?: number;
}

type S3Sdk = typeof import('@aws-sdk/client-s3');

/** The S3 store: objects under `<prefix><key>`, uploaded as Buffers of known length, encrypted server-side. */
export function createS3Store(options: S3StoreOptions): BackupStore {
  const prefix =
    options.prefix === '' || options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;
  // The SDK is loaded on first use: every other `dalio` command starts without it.
  let sdk: Promise<{ s3: S3Sdk; client: InstanceType<S3Sdk['S3Client']> }> | null = null;
  const open = () => {
    sdk ??= import('@aws-sdk/client-s3').then((s3) => ({ s3, client: newClient(s3) }));
    return sdk;
  };
  const newClient = (s3: S3Sdk) =>
    new s3.S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // S3-compatible servers store aws-chunked framing verbatim unless checksums are sent only when required;
      // our own sha256 covers every byte end to end instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
      requestHandler: { requestTimeout: options.timeoutMs ?? 15_000, connectionTimeout: 5_000 },
    });
  const location = `s3://${options.bucket}/${prefix}`;
  const where = options.endpoint ? ` at ${withoutCredentials(options.endpoint)}` : '';
  const unavailable = (operation: string, error: unknown) =>
    new BackupError(
      'store-unavailable',
      `the S3 bucket ${options.bucket}${where} could not be used (${describeS3Error(error)} on ${operation}); ${fixFor(error)}`,
      { store: 's3', cause: error },
    );
  const objectKey = (key: string) => {
    assertPlainKey(key);
    return `${prefix}${key}`;
  };
  const encryption =
    options.serverSideEncryption === 'none'
      ? {}
      : {
          ServerSideEncryption: options.serverSideEncryption,
          ...(options.serverSideEncryption === 'aws:kms' && options.kmsKeyId
            ? { SSEKMSKeyId: options.kmsKeyId }
            : {}),
        };

  return {
    kind: 's3',
    location,
    async put(key, body) {
      const Key = objectKey(key);
      try {
        const { s3, client } = await open();
        await client.send(
          new s3.PutObjectCommand({
            Bucket: options.bucket,
            Key,
            Body: body,
            ContentLength: body.length,
            ...encryption,
          }),
        );
      } catch (error) {
        throw unavailable(`uploading ${key}`, error);
      }
    },
    async get(key) {
      const Key = objectKey(key);
      try {
        const { s3, client } = await open();
        const answer = await client.send(new s3.GetObjectCommand({ Bucket: options.bucket, Key }));
        if (!answer.Body) return Buffer.alloc(0);
        return Buffer.from(await answer.Body.transformToByteArray());
      } catch (error) {
        if (isNotFound(error)) return null;
        throw unavailable(`downloading ${key}`, error);
      }
    },
    async head(key) {
      const Key = objectKey(key);
      try {
        const { s3, client } = await open();
        const answer = await client.send(new s3.HeadObjectCommand({ Bucket: options.bucket, Key }));
        return { bytes: answer.ContentLength ?? 0 };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw unavailable(`looking at ${key}`, error);
      }
    },
    async list() {
      const objects: StoredObject[] = [];
      try {
        const { s3, client } = await open();
        for await (const page of s3.paginateListObjectsV2(
          { client },
          { Bucket: options.bucket, Prefix: prefix },
        )) {
          for (const item of page.Contents ?? []) {
            const name = item.Key?.slice(prefix.length) ?? '';
            // Only this prefix's own objects: a deeper "directory" belongs to someone else.
            if (name === '' || name.includes('/')) continue;
            objects.push({ key: name, bytes: item.Size ?? 0 });
          }
        }
      } catch (error) {
        throw unavailable('listing', error);
      }
      return objects;
    },
    async delete(key) {
      const Key = objectKey(key);
      try {
        const { s3, client } = await open();
        await client.send(new s3.DeleteObjectCommand({ Bucket: options.bucket, Key }));
      } catch (error) {
        if (isNotFound(error)) return;
        throw unavailable(`removing ${key}`, error);
      }
    },
  };
}

function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
}

/** The innermost error code or name (`ECONNREFUSED`, `AccessDenied`, `CredentialsProviderError`). */
function describeS3Error(error: unknown): string {
  let current: unknown = error;
  let found = 'an error';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === 'string') found = code;
    else if (typeof name === 'string' && name !== 'Error') found = name;
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

function fixFor(error: unknown): string {
  const what = describeS3Error(error);
  if (/Credential|InvalidAccessKeyId|SignatureDoesNotMatch/i.test(what)) {
    return 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an AWS profile) for this user';
  }
  if (/AccessDenied|Forbidden/i.test(what))
    return 'give these AWS credentials read and write access to the prefix';
  if (/NoSuchBucket/i.test(what)) return 'create the bucket or fix backup.s3.bucket';
  return 'check the network and backup.s3 (endpoint, region); off-site uploads are retried later';
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
