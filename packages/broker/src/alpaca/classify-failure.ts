import { loadedAlpacaSdk } from './sdk.ts';

/** What a thrown SDK error means for us. */
export type Failure =
  | { kind: 'unavailable'; status: number | null; retryAfterMs: number | null; message: string }
  | { kind: 'not-found'; message: string }
  | { kind: 'refused'; status: number; code: number | string | null; message: string }
  | { kind: 'malformed'; message: string };

function retryAfterHeaderMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (header.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** Sort an SDK error: transport and 5xx/429 are "unavailable", 404 "not found", other 4xx "refused", anything else a broken answer. */
export function classifyFailure(error: unknown): Failure {
  const sdk = loadedAlpacaSdk();
  if (sdk && error instanceof sdk.ApiError) {
    if (error.status === 429 || error.status >= 500 || error.status === 408) {
      // The SDK also derives a wait from X-RateLimit-Reset, which only means something on a 429.
      const explicit = retryAfterHeaderMs(error.response?.headers?.get('Retry-After') ?? null);
      return {
        kind: 'unavailable',
        status: error.status,
        retryAfterMs: explicit ?? (error.status === 429 ? (error.retryAfterMs ?? null) : null),
        message: `HTTP ${error.status}: ${error.message}`,
      };
    }
    if (error.status === 404) return { kind: 'not-found', message: error.message };
    return { kind: 'refused', status: error.status, code: error.code ?? null, message: error.message };
  }
  if (sdk && error instanceof sdk.FetchError) {
    const cause = error.cause as Error | undefined;
    return {
      kind: 'unavailable',
      status: null,
      retryAfterMs: null,
      message: `${cause?.name ?? 'FetchError'}: ${cause?.message ?? error.message}`,
    };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'malformed', message };
}
