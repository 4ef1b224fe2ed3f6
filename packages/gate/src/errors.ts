/**
 * Why the gate refused a command: the pin does not hold, the config is not live, live trading is not enabled
 * (`dalio live enable` never ran, or `dalio live disable` did), the checklist is NO-GO, the
 * typed confirmation is missing or wrong, the tier number does not exist (`bad-tier`), or the move is not
 * allowed yet (`tier`).
 */
export type GateErrorCode =
  | 'pin-mismatch'
  | 'not-live'
  | 'not-enabled'
  | 'no-go'
  | 'confirmation'
  | 'bad-tier'
  | 'tier';

/**
 * A refusal of the live gate with a one-line reason a person can act on. `code` is what callers branch on: the
 * CLI maps a setup problem (`pin-mismatch`, `not-live`, `confirmation`) to exit 2 and the rest to exit 1.
 */
export class GateError extends Error {
  override readonly name = 'GateError';
  readonly code: GateErrorCode;

  constructor(code: GateErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}
