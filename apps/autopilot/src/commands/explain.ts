import { initialStatePayload } from '@dalio-lite/state';
import { explainPolicy } from '@dalio-lite/strategy';
import { loadCliConfig } from '../cli-config.ts';
import { printJson } from '../output.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

/** Run `dalio explain` (imported when the command runs; its options and help are in explain-command.ts). */
export async function runExplainCommand(
  context: CommandContext,
  flags: { json?: boolean; config?: string },
): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const runtime = createRuntime(config);
  const [state, page, gate] = await Promise.all([
    runtime.store.load(),
    runtime.history.readPage({ limit: 1 }),
    runtime.gate.files.liveGate.read(),
  ]);
  // The live tier is recorded by `dalio live enable` in the gate's file, the one place the gate reads it.
  const decision = config.mode === 'live' ? (gate?.current ?? null) : null;
  const liveTier = decision
    ? { tier: decision.tier - 1, capitalCapUsd: decision.capitalCapUsd, since: decision.tierSince }
    : null;
  const explanation = explainPolicy({
    config,
    state: state || liveTier ? { ...(state?.payload ?? initialStatePayload()), liveTier } : null,
    lastCycle: page.records[0] ?? null,
  });
  if (flags.json) {
    printJson(context.output, explanation);
    return;
  }
  context.output.stdout(
    explanation.sections
      .flatMap(({ title, lines }) => [`${title}:`, ...lines.map((l) => `  ${l}`), ''])
      .join('\n')
      .trimEnd(),
  );
}
