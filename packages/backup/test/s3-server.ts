import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3StoreOptions } from '../src/s3-store.ts';

/** A real S3 API server (s3rver) on 127.0.0.1 at a free port, its objects in a temporary directory. */
export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** Where s3rver keeps the objects (for tests that damage one behind the API's back). */
  directory: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

/** Start s3rver with one bucket; s3rver checks SigV4 signatures against its fixed key pair. */
export async function startLocalS3(bucket = 'dalio-backups'): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'dalio-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    directory,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The options of an S3 store on this server under `prefix`. */
export function localS3StoreOptions(s3: LocalS3, prefix: string): S3StoreOptions {
  return {
    bucket: s3.bucket,
    prefix,
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    serverSideEncryption: 'AES256',
    kmsKeyId: null,
    credentials: s3.credentials,
  };
}
