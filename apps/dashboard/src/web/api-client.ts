import { hc, type InferResponseType } from 'hono/client';
import type { DashboardApi } from '../server/api.ts';
import { CSRF_HEADER } from '../shared/protocol.ts';

/** The typed client of the dashboard API: request and response types come from the server's routes. */
export const client = hc<DashboardApi>(window.location.origin, {
  init: { credentials: 'same-origin' },
});

/** An answer of the API that was not a success, with the server's one-line message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** The JSON of a successful answer; an error answer throws its message (`{ error: { message } }`). */
export async function answer<T>(
  request: Promise<{ ok: boolean; status: number; json(): Promise<T> }>,
): Promise<T> {
  let response: Awaited<typeof request>;
  try {
    response = await request;
  } catch {
    throw new ApiError(0, 'The dashboard server cannot be reached: is `dalio dashboard` still running?');
  }
  if (response.ok) return response.json();
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  throw new ApiError(response.status, body?.error?.message ?? `The server answered ${response.status}`);
}

/** The headers of an action: the session's CSRF token. */
export function actionHeaders(csrfToken: string): { headers: Record<string, string> } {
  return { headers: { [CSRF_HEADER]: csrfToken } };
}

const api = client.api;

/** The shapes the panels draw, inferred from the server's routes. */
export type Session = InferResponseType<typeof api.session.$get, 200>;
export type Status = InferResponseType<typeof api.status.$get, 200>;
export type Portfolio = InferResponseType<typeof api.portfolio.$get, 200>;
export type Allocation = InferResponseType<typeof api.allocation.$get, 200>;
export type CyclesPage = InferResponseType<typeof api.cycles.$get, 200>;
export type Cycle = CyclesPage['cycles'][number];
export type Performance = InferResponseType<typeof api.performance.$get, 200>;
export type Risk = InferResponseType<typeof api.risk.$get, 200>;
export type ErrorLog = InferResponseType<typeof api.errors.$get, 200>;
export type Alerts = InferResponseType<typeof api.alerts.$get, 200>;
export type Backups = InferResponseType<typeof api.backups.$get, 200>;
export type Health = InferResponseType<typeof api.health.$get, 200>;
export type DryRun = InferResponseType<(typeof api)['dry-run']['$post'], 200>;
export type CycleAnswer = InferResponseType<typeof api.rebalance.$post, 200>;
export type Comparison = InferResponseType<(typeof api)['strategy']['compare']['$get'], 200>;
export type DraftCheck = InferResponseType<(typeof api)['allocation']['check']['$post'], 200>;
export type AllocationStatus = InferResponseType<(typeof api)['allocation']['status']['$get'], 200>;
export type GoalAnswer = InferResponseType<typeof api.goal.$get, 200>;
export type Explanation = InferResponseType<typeof api.explain.$get, 200>;
