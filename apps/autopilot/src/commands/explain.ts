import { initialStatePayload } from '@dalio-lite/state';
import { explainPolicy } from '@dalio-lite/strategy';
import type { Command } from 'commander';
import { loadCliConfig } from '../cli-config.ts';
import { printJson } from '../output.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';
import { CONFIG_OPTION } from './strategy.ts';

/** `dalio explain`: how it decides, in words, with your own allocation, bands, limits and its last decision. */
export function registerExplainCommand(program: Command, context: CommandContext): void {
  program
    .command('explain')
    .description(
      'Explain how it decides: your allocation and bands, the minimum days, the breakers, the live gate, the last decision',
    )
    .option(...CONFIG_OPTION)
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean; config?: string }) => {
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
    });
}
