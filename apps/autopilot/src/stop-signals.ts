import { constants } from 'node:os';

/** Where the signals come from: the process, or an emitter in tests. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (name: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (name: NodeJS.Signals) => void): unknown;
}

/**
 * An abort signal fired by the first SIGINT or SIGTERM; a second one exits at once (128 + the signal's number), for
 * when the current step will not end. `dispose` removes the handlers.
 */
export function stopOnSignals(options: { source?: SignalSource; exit?: (code: number) => void } = {}): {
  signal: AbortSignal;
  dispose(): void;
} {
  const source = options.source ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) exit(128 + constants.signals[name]);
    else controller.abort();
  };
  source.on('SIGINT', onSignal);
  source.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      source.off('SIGINT', onSignal);
      source.off('SIGTERM', onSignal);
    },
  };
}
