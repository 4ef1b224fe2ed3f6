import { Presets, SingleBar } from 'cli-progress';

/** Progress of a grid: an `onProgress` callback for the backtest package and a `stop` for the end. */
export interface GridProgress {
  onProgress: (progress: { done: number; total: number }) => void;
  stop: () => void;
}

/** A cli-progress bar on stderr, or a silent reporter with `--json` or when stderr is not a terminal. */
export function createGridProgress(options: {
  enabled: boolean;
  label: string;
  unit?: string;
}): GridProgress {
  if (!options.enabled) return { onProgress: () => {}, stop: () => {} };
  const bar = new SingleBar(
    {
      format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit ?? 'backtests'} | eta {eta}s`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: ({ done, total }) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
