/**
 * Why a state file could not be trusted; callers restore from backup or refuse to trade. Content
 * failures are quarantined; `missing` (state existed before), `newer-version` and `unreadable` (I/O) are not;
 * `quarantined` is every later read after a quarantine, until the state is restored or reset.
 */
export const CORRUPTION_KINDS = [
  'quarantined',
  'empty',
  'truncated',
  'nul-bytes',
  'unparseable',
  'checksum',
  'schema',
  'rollback',
  'missing',
  'newer-version',
  'unreadable',
] as const;

/** One reason a state file could not be trusted. */
export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

/** A file failed verification; content failures were moved to `quarantinePath` (never deleted). Never read as empty. */
export class StateCorruptError extends Error {
  override readonly name = 'StateCorruptError';
  readonly kind: CorruptionKind;
  readonly path: string;
  readonly quarantinePath: string | null;

  constructor(
    kind: CorruptionKind,
    path: string,
    quarantinePath: string | null,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.kind = kind;
    this.path = path;
    this.quarantinePath = quarantinePath;
  }
}

/**
 * A durable write failed at `step`. Before the rename (`renamed: false`) the previous file is intact
 * and the temp file was removed; after it the new file is in place but may not survive power loss.
 */
export class DurableWriteError extends Error {
  override readonly name = 'DurableWriteError';
  readonly path: string;
  readonly step: string;
  readonly renamed: boolean;
  /** The errno code of the underlying failure (`ENOSPC`, `EIO`, ...) when there is one. */
  readonly code: string | undefined;

  constructor(path: string, step: string, cause: unknown, renamed: boolean) {
    const code = errnoCode(cause);
    const outcome = renamed
      ? 'the new file is in place but may not be durable'
      : 'the previous file is intact';
    super(`durable write of ${path} failed at ${step}${code ? ` (${code})` : ''}; ${outcome}`, { cause });
    this.path = path;
    this.step = step;
    this.renamed = renamed;
    this.code = code;
  }
}

/** A payload the caller asked to write does not match its schema; nothing was written. */
export class InvalidPayloadError extends Error {
  override readonly name = 'InvalidPayloadError';
  readonly path: string;

  constructor(path: string, message: string, cause?: unknown) {
    super(`refusing to write ${path}: ${message}`, { cause });
    this.path = path;
  }
}

/** Why a state directory cannot be used, in words, with the fix; `code` is the errno behind it. */
const STATE_DIR_PROBLEMS: Readonly<Record<string, string>> = {
  EACCES: 'this user may not write there',
  EPERM: 'this user may not change it (it belongs to another user)',
  EROFS: 'it is on a read-only file system',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'a file of that name is in the way',
  ENOSPC: 'the disk is full',
};

/** The state directory cannot be created, tightened or written: a setting or a permission to fix, not a crash. */
export class StateDirError extends Error {
  override readonly name = 'StateDirError';
  readonly dir: string;
  /** The errno code behind it (`EACCES`, `EPERM`, `ENOTDIR`, …). */
  readonly code: string;

  constructor(dir: string, code: string, operation: string, cause?: unknown) {
    const problem = STATE_DIR_PROBLEMS[code] ?? 'the file system refused';
    super(
      `the state directory ${dir} cannot be used: ${problem} (${code} on ${operation}); fix its owner and permissions (it must belong to the user that runs dalio, mode 0700) or point DALIO_STATE_DIR / paths.stateDir at a directory of this user's`,
      { cause },
    );
    this.dir = dir;
    this.code = code;
  }

  /** Whether an errno code is one this error describes (everything else is rethrown as it is). */
  static covers(code: string | undefined): code is string {
    return code !== undefined && code in STATE_DIR_PROBLEMS;
  }
}

/** A path that would leave the state directory. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
  readonly path: string;
  readonly stateDir: string;

  constructor(path: string, stateDir: string) {
    super(`refusing path ${path}: it is outside the state directory ${stateDir}`);
    this.path = path;
    this.stateDir = stateDir;
  }
}

/**
 * Why a lock is unusable: `compromised` (another process may hold it), `released` (already let go),
 * `busy` (still held by a live process after waiting the whole retry budget), `unavailable` (the lock
 * directory could not be created for a reason other than being busy).
 */
export type LockErrorKind = 'compromised' | 'released' | 'busy' | 'unavailable';

/** A cross-process lock (rebalance or state update) is not ours; no side effect may follow. */
export class LockError extends Error {
  override readonly name = 'LockError';
  readonly kind: LockErrorKind;

  constructor(kind: LockErrorKind, message: string, cause?: unknown) {
    super(message, { cause });
    this.kind = kind;
  }
}

/** The errno code of an error (`ENOENT`, `ENOSPC`, ...), if it has one. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
