import { randomSecret, sameSecret } from './secret-compare.ts';

/** One-time codes for the login link printed at start: each signs in one browser, once, then is gone. */
export interface LoginCodes {
  issue(): string;
  /** True (and the code is spent) when the code was issued, is unspent and not expired. */
  consume(code: string): boolean;
}

/** Create the one-time login codes of a process; a code expires after `ttlMs` (default 24 h). */
export function createLoginCodes(
  options: { now?: () => number; ttlMs?: number; newSecret?: () => string } = {},
): LoginCodes {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  const newSecret = options.newSecret ?? randomSecret;
  const codes = new Map<string, number>();
  return {
    issue() {
      const code = newSecret();
      codes.set(code, now() + ttlMs);
      return code;
    },
    consume(code) {
      const at = now();
      for (const [known, expiresAtMs] of codes) {
        if (expiresAtMs <= at) {
          codes.delete(known);
          continue;
        }
        if (sameSecret(code, known)) {
          codes.delete(known);
          return true;
        }
      }
      return false;
    },
  };
}
