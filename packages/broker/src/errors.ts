/** The broker could not be reached or was overloaded (network error, timeout, 5xx, 429); trying later may work. */
export class BrokerUnavailableError extends Error {
  override readonly name = 'BrokerUnavailableError';
  readonly retryable = true;
  /** HTTP status when the broker answered, null for transport failures. */
  readonly status: number | null;

  constructor(message: string, options: { status?: number | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status ?? null;
  }
}

/** The broker answered with something that is not a valid answer; never read as zero or empty. */
export class BrokerResponseError extends Error {
  override readonly name = 'BrokerResponseError';
  readonly retryable = false;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
  }
}

/** The broker refused the request (bad keys, no permission, invalid request); repeating it will not help. */
export class BrokerRequestError extends Error {
  override readonly name = 'BrokerRequestError';
  readonly retryable = false;
  readonly status: number;
  readonly code: number | string | null;

  constructor(message: string, options: { status: number; code?: number | string | null; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.code = options.code ?? null;
  }
}
