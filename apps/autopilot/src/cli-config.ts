import { type DalioConfig, loadConfig } from '@dalio-lite/config';
import type { CommandContext } from './commands/index.ts';

/** Load the configuration for a command (`--config PATH`, then DALIO_CONFIG, then ./dalio.yaml); bad config exits 2. */
export async function loadCliConfig(
  context: CommandContext,
  configPath: string | undefined,
): Promise<DalioConfig> {
  return loadConfig({ path: configPath, env: context.env, cwd: context.cwd });
}
