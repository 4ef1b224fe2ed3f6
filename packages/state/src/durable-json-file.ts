import type { z } from 'zod';
import { readCheckedFile, type VersionedSchema, writeCheckedFile } from './checked-json-file.ts';
import { StateCorruptError } from './errors.ts';
import { openStateDir, type StateDirOptions } from './state-dir.ts';

/** Options of a small durable JSON file in the state directory. */
export interface DurableJsonFileOptions<T> extends StateDirOptions {
  /** File name inside the state directory (a path leaving it is refused). */
  fileName: string;
  /** The value's schema, or a versioned schema with migrations. */
  schema: z.ZodType<T> | VersionedSchema<T>;
}

/** A small checksummed JSON file (counters, heartbeat): verified on read, durable on write. */
export interface DurableJsonFile<T> {
  readonly path: string;
  /** The verified value, or null when the file does not exist. Corrupt content is quarantined and throws. */
  read(): Promise<T | null>;
  /** Replace the value durably. Corrupt current content is quarantined (and reported), then replaced. */
  write(value: T): Promise<void>;
}

/** Create a durable JSON file helper for other packages' small files, using the same envelope and write. */
export function createDurableJsonFile<T>(options: DurableJsonFileOptions<T>): DurableJsonFile<T> {
  const dir = openStateDir(options);
  const path = dir.path(options.fileName);
  const versioned: VersionedSchema<T> =
    'version' in options.schema && 'migrations' in options.schema
      ? options.schema
      : { version: 1, schema: options.schema as z.ZodType<T>, migrations: [] };

  return {
    path,
    async read() {
      await dir.ready();
      return (await readCheckedFile(path, versioned, dir.context))?.payload ?? null;
    },
    async write(value) {
      await dir.ready();
      let seq = 0;
      try {
        seq = (await readCheckedFile(path, versioned, dir.context))?.seq ?? 0;
      } catch (error) {
        if (!(error instanceof StateCorruptError) || error.quarantinePath === null) throw error;
      }
      await writeCheckedFile(path, versioned, value, seq + 1, dir.context);
    },
  };
}
