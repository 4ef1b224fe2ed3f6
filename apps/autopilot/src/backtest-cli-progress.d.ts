/** The small part of cli-progress 3 (CommonJS, no bundled types) that the backtest commands use. */
declare module 'cli-progress' {
  interface BarOptions {
    format?: string;
    stream?: NodeJS.WritableStream;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
  }
  export class SingleBar {
    constructor(options: BarOptions, preset?: unknown);
    start(total: number, startValue: number): void;
    update(value: number): void;
    stop(): void;
  }
  export const Presets: { shades_classic: unknown };
}
