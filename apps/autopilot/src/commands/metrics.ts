import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadCliConfig } from '../cli-config.ts';
import { createCommandLogger } from '../logger.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

interface MetricsFlags {
  output?: string;
  config?: string;
}

/** Run `dalio metrics` (imported when the command runs; its options and help are in metrics-command.ts). */
export async function runMetricsCommand(context: CommandContext, flags: MetricsFlags): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const runtime = createRuntime(config, {
    logger: createCommandLogger(config, false, { env: context.env }),
    env: context.env,
  });
  const text = await runtime.monitoring.metrics.render();
  if (flags.output === undefined) {
    context.output.stdout(text);
    return;
  }
  // The textfile collector reads *.prom files at any moment: it must never see half a file.
  const temp = join(dirname(flags.output), `.${randomBytes(6).toString('hex')}.prom.tmp`);
  await writeFile(temp, text, { mode: 0o644 });
  await rename(temp, flags.output);
}
