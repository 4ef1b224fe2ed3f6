/** An expected outcome as a value: success with a value, or failure with a human message. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** Wrap a success. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wrap a failure with a message that names the problem and the fix. */
export function err<T = never>(error: string): Result<T> {
  return { ok: false, error };
}
