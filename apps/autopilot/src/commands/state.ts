import { initialStatePayload } from '@dalio-lite/state';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { printJson } from '../output.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

const RESET_HALT_REASON =
  'the state was reset after it was quarantined; check the account at the broker, then run `dalio resume`';

/** Run `dalio state reset` (imported when the command runs; its options and help are in state-command.ts). */
export async function runStateResetCommand(
  context: CommandContext,
  flags: { yes?: boolean; json?: boolean; config?: string },
): Promise<void> {
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
}

/** Run `dalio state accept-restored` (imported when the command runs; its options and help are in state-command.ts). */
export async function runStateAcceptRestoredCommand(
  context: CommandContext,
  flags: { json?: boolean; config?: string },
): Promise<void> {
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
}
