/** One object of a store: its name and its size as the store reports it. */
export interface StoredObject {
  key: string;
  bytes: number;
}

/**
 * Where backups are kept: a local directory or an S3 bucket, both scoped to one mode and account. Keys are plain
 * object names (`<id>.tar.gz`, `<id>.json`). Every method throws `BackupError` (`store-unavailable`) when the
 * place cannot be reached; a missing object is null, never an error.
 */
export interface BackupStore {
  /** `local` or `s3`. */
  readonly kind: 'local' | 's3';
  /** Where it is, in words: `/var/backups/dalio/paper/<account>` or `s3://bucket/dalio-lite/paper/<account>/`. */
  readonly location: string;
  /** Store `body` under `key` (replacing what was there); the whole object or nothing becomes visible. */
  put(key: string, body: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  head(key: string): Promise<{ bytes: number } | null>;
  /** Every object, in no particular order. */
  list(): Promise<StoredObject[]>;
  /** Remove `key`; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
}

/** Refuse a key that is not a plain object name (no paths, no dot files). */
export function assertPlainKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(key)) {
    throw new RangeError(`"${key}" is not a plain object name`);
  }
}
