import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ConfigFile } from './config-schema.ts';
import type { BackupConfig, PathsConfig, TradingMode } from './dalio-config.ts';
import { envValue, failEnv, failFile, optionalFilePath, type ResolveContext } from './resolve-context.ts';

/** `$XDG_DATA_HOME/dalio-lite/<mode>` or `~/.local/share/dalio-lite/<mode>`: paper and live never share state. */
function defaultStateDir(mode: TradingMode, context: ResolveContext): string {
  const xdg = envValue(context.env, 'XDG_DATA_HOME');
  if (xdg !== null && isAbsolute(xdg)) return join(xdg, 'dalio-lite', mode);
  const home = envValue(context.env, 'HOME');
  if (home === null || !isAbsolute(home)) {
    failEnv(
      'HOME',
      'not set, so there is no default state directory; set HOME, DALIO_STATE_DIR or paths.stateDir',
    );
  }
  return join(home, '.local', 'share', 'dalio-lite', mode);
}

/** The state directory: DALIO_STATE_DIR (against cwd), else the file's (against its directory), else the default. */
export function resolvePaths(file: ConfigFile, context: ResolveContext): PathsConfig {
  const fromEnv = envValue(context.env, 'DALIO_STATE_DIR');
  if (fromEnv !== null) return { stateDir: resolve(context.cwd, fromEnv) };
  return { stateDir: optionalFilePath(context, file.paths.stateDir) ?? defaultStateDir(file.mode, context) };
}

function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/** Backups default to `<stateDir>/../backups-<mode>` and may never live inside the state they back up. */
export function resolveBackup(file: ConfigFile, stateDir: string, context: ResolveContext): BackupConfig {
  const dir =
    optionalFilePath(context, file.backup.local.dir) ?? join(dirname(stateDir), `backups-${file.mode}`);
  if (isInside(stateDir, dir)) {
    failFile(
      context,
      'backup.local.dir',
      `${dir} is inside the state directory ${stateDir}, put backups outside it so a lost state directory does not take them along`,
    );
  }
  const { s3 } = file.backup;
  return {
    local: { dir, keep: file.backup.local.keep },
    s3: s3 === null ? null : { ...s3, prefix: s3.prefix ?? `dalio-lite/${file.mode}/` },
  };
}
