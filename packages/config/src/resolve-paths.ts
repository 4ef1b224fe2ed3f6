import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ConfigFile } from './config-schema.ts';
import type { BackupConfig, BrokerConfig, LiveConfig, PathsConfig, TradingMode } from './dalio-config.ts';
import { envValue, failEnv, failFile, optionalFilePath, type ResolveContext } from './resolve-context.ts';

/** Which default state directory a configuration gets: one per kind of account, so none ever shares state. */
export type StateDirKind = 'simulator' | TradingMode;

/** The kind of account a configuration trades: the built-in simulator, or Alpaca paper or live. */
export function stateDirKind(mode: TradingMode, brokerKind: BrokerConfig['kind']): StateDirKind {
  return brokerKind === 'simulator' ? 'simulator' : mode;
}

/**
 * `$XDG_DATA_HOME/dalio-lite/<kind>` or `~/.local/share/dalio-lite/<kind>`: the simulator, Alpaca paper and
 * Alpaca live never share state (the state also records its account and refuses any other).
 */
function defaultStateDir(kind: StateDirKind, context: ResolveContext): string {
  const xdg = envValue(context.env, 'XDG_DATA_HOME');
  if (xdg !== null && isAbsolute(xdg)) return join(xdg, 'dalio-lite', kind);
  const home = envValue(context.env, 'HOME');
  if (home === null || !isAbsolute(home)) {
    failEnv(
      'HOME',
      'not set, so there is no default state directory; set HOME, DALIO_STATE_DIR or paths.stateDir',
    );
  }
  return join(home, '.local', 'share', 'dalio-lite', kind);
}

/**
 * The live gate's paths: the paper state directory that proves the paper days (default: the paper kind's default
 * directory, null without HOME), the soak report beside the state directories. A live state never doubles as it.
 */
export function resolveLive(file: ConfigFile, stateDir: string, context: ResolveContext): LiveConfig {
  const { paperStateDir, soakReport, testResult, ...rest } = file.live;
  const hasHome = envValue(context.env, 'XDG_DATA_HOME') !== null || envValue(context.env, 'HOME') !== null;
  const paper =
    optionalFilePath(context, paperStateDir) ?? (hasHome ? defaultStateDir('paper', context) : null);
  if (file.mode === 'live' && paper !== null && resolve(paper) === resolve(stateDir)) {
    failFile(
      context,
      'live.paperStateDir',
      `${paper} is also the live state directory, paper and live never share state: point paths.stateDir (or DALIO_STATE_DIR) at another directory`,
    );
  }
  return {
    ...rest,
    paperStateDir: paper,
    soakReport: optionalFilePath(context, soakReport) ?? join(dirname(stateDir), 'soak-report.json'),
    testResult: optionalFilePath(context, testResult),
  };
}

/** The state directory: DALIO_STATE_DIR (against cwd), else the file's (against its directory), else the default. */
export function resolvePaths(file: ConfigFile, kind: StateDirKind, context: ResolveContext): PathsConfig {
  const fromEnv = envValue(context.env, 'DALIO_STATE_DIR');
  if (fromEnv !== null) return { stateDir: resolve(context.cwd, fromEnv) };
  return { stateDir: optionalFilePath(context, file.paths.stateDir) ?? defaultStateDir(kind, context) };
}

function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/** Backups default to `<stateDir>/../backups-<kind>` and may never live inside the state they back up. */
export function resolveBackup(
  file: ConfigFile,
  stateDir: string,
  kind: StateDirKind,
  context: ResolveContext,
): BackupConfig {
  const dir = optionalFilePath(context, file.backup.local.dir) ?? join(dirname(stateDir), `backups-${kind}`);
  if (isInside(stateDir, dir)) {
    failFile(
      context,
      'backup.local.dir',
      `${dir} is inside the state directory ${stateDir}, put backups outside it so a lost state directory does not take them along`,
    );
  }
  const { s3 } = file.backup;
  return {
    auto: file.backup.auto,
    everyHours: file.backup.everyHours,
    local: { dir, keep: file.backup.local.keep },
    retention: file.backup.retention,
    s3: s3 === null ? null : { ...s3, prefix: s3.prefix ?? `dalio-lite/${file.mode}/` },
  };
}
