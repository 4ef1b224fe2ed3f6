import type { CommandContext } from './index.ts';

/**
 * A commander action that imports its command's implementation only when the command runs: every command is
 * registered (names, options, help) at start, but `dalio status` loads the modules of `status` alone.
 */
export function lazyAction<A extends unknown[]>(
  context: CommandContext,
  load: () => Promise<(context: CommandContext, ...args: A) => Promise<void>>,
): (...args: A) => Promise<void> {
  return async (...args) => (await load())(context, ...args);
}
