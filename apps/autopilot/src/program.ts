import { Command, CommanderError } from 'commander';
import { describeError, EXIT, exitCodeOf } from './cli-error.ts';
import { COMMANDS, type CommandContext } from './commands/index.ts';

/** Build the `dalio` program with every command registered. */
export function createProgram(context: CommandContext): Command {
  const program = new Command('dalio')
    .description('Dalio Lite: keeps an All Weather ETF portfolio on target at Alpaca, safely.')
    .version('0.1.0')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.output.stdout(text),
      writeErr: (text) => context.output.stderr(text),
    });
  for (const register of COMMANDS) register(program, context);
  return program;
}

/** Run the program and turn every error into an exit code and a one-line message (never a stack trace). */
export async function runCli(argv: readonly string[], base: Omit<CommandContext, 'result'>): Promise<number> {
  const context: CommandContext = { ...base, result: { exitCode: EXIT.ok } };
  const program = createProgram(context);
  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit through here with code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const exitCode = exitCodeOf(error);
    const message = describeError(error);
    if (wantsJson) context.output.stdout(JSON.stringify({ ok: false, error: message, exitCode }));
    else context.output.stderr(`dalio: ${message}`);
    return exitCode;
  }
}
