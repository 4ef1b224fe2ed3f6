/** Why a request failed, for a person: the HTTP status and one line they can act on. Mapped only in `onError`. */
export class DashboardError extends Error {
  override readonly name = 'DashboardError';
  /** The HTTP status the API answers with. */
  readonly status: 400 | 401 | 403 | 404 | 409 | 429 | 500 | 503;
  /** Seconds until trying again can help (a locked-out login), sent as `Retry-After`. */
  readonly retryAfterS: number | null;

  constructor(
    status: DashboardError['status'],
    message: string,
    options: { cause?: unknown; retryAfterS?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.status = status;
    this.retryAfterS = options.retryAfterS ?? null;
  }
}

/**
 * The dashboard cannot start as set up (an address reachable from other machines without a configured token,
 * a token file others can read, a port in use). The CLI maps it to exit code 2: fix the setting and retry.
 */
export class DashboardSetupError extends Error {
  override readonly name = 'DashboardSetupError';
  /** The setting to fix, e.g. `dashboard.host`. */
  readonly setting: string;

  constructor(setting: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.setting = setting;
  }
}
