/** Bad backtest input (prices, dates, options); the message is one line naming what is wrong and how to fix it. */
export class BacktestInputError extends Error {
  override readonly name = 'BacktestInputError';
  /** The option or input the error is about, e.g. `prices.VTI` or `from`. */
  readonly field: string;

  constructor(message: string, options: { field: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.field = options.field;
  }
}
