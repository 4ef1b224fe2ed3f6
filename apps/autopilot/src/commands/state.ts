import { initialStatePayload } from '@dalio-lite/state';
import type { Command } from 'commander';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { printJson } from '../output.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

const RESET_HALT_REASON =
  'the state was reset after it was quarantined; check the account at the broker, then run `dalio resume`';

/** `dalio state reset|accept-restored`: the two ways out of a quarantined state. */
export function registerStateCommands(program: Command, context: CommandContext): void {
  const state = program
    .command('state')
    .description('Recover a state directory that was quarantined (a corrupt or rolled-back state.json)');

  state
    .command('reset')
    .description(
      'Start a fresh state after a quarantine: keeps the damaged files, forgets the day records, stays halted until `dalio resume`',
    )
    .option('--yes', 'confirm: the rebalance history of this state is not carried over')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(async (flags: { yes?: boolean; json?: boolean; config?: string }) => {
      if (!flags.yes) {
        throw new CliError(
          'state reset replaces the state with a fresh one (halted, no day records; the damaged files are kept); repeat with --yes to confirm',
        );
      }
      const config = await loadCliConfig(context, flags.config);
      const runtime = createRuntime(config);
      const since = new Date().toISOString();
      const written = await runtime.store.reset({
        ...initialStatePayload(),
        halt: { since, reason: RESET_HALT_REASON },
      });
      if (flags.json)
        printJson(context.output, { reset: true, seq: written.seq, statePath: runtime.store.statePath });
      else
        context.output.stdout(
          `State reset: ${runtime.store.statePath} is a fresh state (seq ${written.seq}), halted until \`dalio resume\`; the damaged files stay beside it.`,
        );
    });

  state
    .command('accept-restored')
    .description(
      'After putting a state.json back from a backup: verify it, accept it as the current state and lift the quarantine',
    )
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean; config?: string }) => {
      const config = await loadCliConfig(context, flags.config);
      const runtime = createRuntime(config);
      const accepted = await runtime.store.acceptRestoredState();
      const lastRebalance = accepted.payload.lastRebalance?.day ?? 'never';
      if (flags.json)
        printJson(context.output, { accepted: true, seq: accepted.seq, writtenAt: accepted.writtenAt });
      else
        context.output.stdout(
          `Accepted ${runtime.store.statePath} (seq ${accepted.seq}, written ${accepted.writtenAt}, last rebalance ${lastRebalance}).`,
        );
    });
}
