import { z } from 'zod';
import type { CrashPoints } from './crash-points.ts';
import { writeFileDurably } from './durable-write.ts';
import { decodeEnvelope, encodeEnvelope } from './envelope.ts';
import { type CorruptionKind, errnoCode, InvalidPayloadError, StateCorruptError } from './errors.ts';
import type { Fs } from './fs-port.ts';
import { quarantineFile } from './quarantine.ts';
import type { OnStateEvent } from './state-events.ts';

/** Turns a payload of schema version `from` into version `from + 1`; throws if the payload is not valid `from`. */
export interface SchemaMigration {
  from: number;
  migrate(payload: unknown): unknown;
}

/** The current schema of a file and the migrations that bring older versions up to it. */
export interface VersionedSchema<T> {
  version: number;
  schema: z.ZodType<T>;
  migrations: readonly SchemaMigration[];
}

/** A verified file as read: `migratedFrom` is the on-disk version when it was older than the current one. */
export interface VerifiedFile<T> {
  seq: number;
  writtenAt: string;
  schemaVersion: number;
  migratedFrom: number | null;
  payload: T;
}

/** What a checked file needs to do its I/O and report. */
export interface CheckedFileContext {
  fs: Fs;
  now: () => Date;
  onEvent: OnStateEvent;
  onStep?: CrashPoints;
  /** Runs before a file that failed verification is moved aside: the state store records the quarantine first. */
  beforeQuarantine?: (path: string, kind: CorruptionKind, message: string) => Promise<void>;
}

/**
 * Read and verify a checksummed envelope file. Missing → null. Content that fails verification is
 * quarantined and throws `StateCorruptError`; it is never treated as empty.
 */
export async function readCheckedFile<T>(
  path: string,
  versioned: VersionedSchema<T>,
  context: CheckedFileContext,
): Promise<VerifiedFile<T> | null> {
  let bytes: Buffer;
  try {
    bytes = await context.fs.readFile(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw new StateCorruptError('unreadable', path, null, `cannot read ${path}: ${String(error)}`, error);
  }
  const decoded = decodeEnvelope(bytes);
  if (!decoded.ok) return reject(path, decoded.kind, decoded.message, context);
  const { envelope } = decoded;
  if (envelope.schemaVersion > versioned.version) {
    const message = `${path} has schema version ${envelope.schemaVersion}, newer than ${versioned.version}: upgrade Dalio Lite`;
    throw new StateCorruptError('newer-version', path, null, message);
  }
  let payload = envelope.payload;
  try {
    for (let version = envelope.schemaVersion; version < versioned.version; version += 1) {
      const migration = versioned.migrations.find((candidate) => candidate.from === version);
      if (!migration) throw new Error(`no migration from schema version ${version}`);
      payload = migration.migrate(payload);
    }
  } catch (error) {
    return reject(path, 'schema', `migration failed: ${errorText(error)}`, context, error);
  }
  const result = versioned.schema.safeParse(payload);
  if (!result.success) return reject(path, 'schema', z.prettifyError(result.error), context, result.error);
  const migratedFrom = envelope.schemaVersion < versioned.version ? envelope.schemaVersion : null;
  if (migratedFrom !== null) {
    context.onEvent({ type: 'migrated', path, fromVersion: migratedFrom, toVersion: versioned.version });
  }
  return {
    seq: envelope.seq,
    writtenAt: envelope.writtenAt,
    schemaVersion: versioned.version,
    migratedFrom,
    payload: result.data,
  };
}

/** Validate a payload and write it durably in the current schema version with the given `seq`. */
export async function writeCheckedFile<T>(
  path: string,
  versioned: VersionedSchema<T>,
  payload: T,
  seq: number,
  context: CheckedFileContext,
): Promise<VerifiedFile<T>> {
  const result = versioned.schema.safeParse(payload);
  if (!result.success) throw new InvalidPayloadError(path, z.prettifyError(result.error), result.error);
  const writtenAt = context.now();
  const text = encodeEnvelope(versioned.version, seq, writtenAt, result.data);
  await writeFileDurably(
    path,
    text,
    context.onStep ? { fs: context.fs, onStep: context.onStep } : { fs: context.fs },
  );
  return {
    seq,
    writtenAt: writtenAt.toISOString(),
    schemaVersion: versioned.version,
    migratedFrom: null,
    payload: result.data,
  };
}

/** Quarantine a file that failed verification and throw the typed error the caller branches on. */
export async function reject(
  path: string,
  kind: CorruptionKind,
  message: string,
  context: CheckedFileContext,
  cause?: unknown,
): Promise<never> {
  await context.beforeQuarantine?.(path, kind, message);
  const quarantinePath = await quarantineFile(context.fs, path, context.now());
  context.onEvent({ type: 'quarantined', path, quarantinePath, kind, message });
  throw new StateCorruptError(
    kind,
    path,
    quarantinePath,
    `${path} is ${kind}: ${message}; moved to ${quarantinePath}`,
    cause,
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
