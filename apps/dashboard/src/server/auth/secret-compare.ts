import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Compare two secrets in constant time (their hashes, so that a length difference leaks nothing either). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A new random secret: 32 bytes as base64url (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
