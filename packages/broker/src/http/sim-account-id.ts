import { createHash } from 'node:crypto';

/**
 * The simulator account behind an API key pair: derived from the key id, never the key id itself, so a key
 * never reaches an account id — and through it the state, logs or reports of a client.
 */
export function simAccountIdForKey(keyId: string): string {
  return `sim-${createHash('sha256').update(keyId).digest('hex').slice(0, 16)}`;
}
