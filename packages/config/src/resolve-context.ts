import { isAbsolute, resolve } from 'node:path';
import type { ConfigEnv } from './dalio-config.ts';
import { ConfigError } from './errors.ts';

/** What resolving the file's settings against the environment needs to know. */
export interface ResolveContext {
  env: ConfigEnv;
  /** The file as the user named it, for messages; `environment` when there is no file. */
  source: string;
  /** The absolute path of the file, or null. */
  sourcePath: string | null;
  /** Relative paths in the file resolve against this (the file's directory, else cwd). */
  baseDir: string;
  cwd: string;
}

/** The label used for problems that come from environment variables. */
export const ENVIRONMENT_SOURCE = 'environment';

/** An environment variable's value; empty or blank counts as unset. */
export function envValue(env: ConfigEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? null : value;
}

/** Throw a ConfigError about a key of the config file. */
export function failFile(context: ResolveContext, key: string, problem: string): never {
  throw new ConfigError({ source: context.source, key, problem });
}

/** Throw a ConfigError about an environment variable. */
export function failEnv(name: string, problem: string): never {
  throw new ConfigError({ source: ENVIRONMENT_SOURCE, key: name, problem });
}

/** A path from the file made absolute against the file's directory. */
export function filePath(context: ResolveContext, path: string): string {
  return isAbsolute(path) ? path : resolve(context.baseDir, path);
}

/** A path from the file made absolute, or null. */
export function optionalFilePath(context: ResolveContext, path: string | null): string | null {
  return path === null ? null : filePath(context, path);
}
