/** Bad input to a strategy or goal function (a date in the past, a weight out of range); `field` names it. */
export class StrategyInputError extends Error {
  override readonly name = 'StrategyInputError';
  readonly field: string;

  constructor(message: string, options: { field: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.field = options.field;
  }
}
