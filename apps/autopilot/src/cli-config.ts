import { ConfigError, type DalioConfig, loadConfig } from '@dalio-lite/config';
import { CliError, EXIT } from './cli-error.ts';
import type { CommandContext } from './commands/index.ts';

/** Load the configuration for a command (`--config PATH`, then DALIO_CONFIG, then ./dalio.yaml); bad config exits 2. */
export async function loadCliConfig(
  context: CommandContext,
  configPath: string | undefined,
): Promise<DalioConfig> {
  try {
    return await loadConfig({ path: configPath, env: context.env, cwd: context.cwd });
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliError(error.message, { exitCode: EXIT.usage, cause: error });
    throw error;
  }
}
