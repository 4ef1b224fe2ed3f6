/** A price file that cannot be used; the message is one line naming the file (and line when known). */
export class PriceDataError extends Error {
  override readonly name = 'PriceDataError';
  readonly file: string;
  readonly line: number | null;

  constructor(message: string, options: { file: string; line?: number; cause?: unknown }) {
    const where = options.line === undefined ? options.file : `${options.file}:${options.line}`;
    super(`${where}: ${message}`, { cause: options.cause });
    this.file = options.file;
    this.line = options.line ?? null;
  }
}
