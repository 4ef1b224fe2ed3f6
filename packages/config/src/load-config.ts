import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { configFileSchema } from './config-schema.ts';
import type { ConfigEnv, DalioConfig } from './dalio-config.ts';
import { ConfigError, formatConfigProblem } from './errors.ts';
import { resolveConfig } from './resolve-config.ts';
import { ENVIRONMENT_SOURCE, envValue } from './resolve-context.ts';
import { readYamlMapping } from './yaml-source.ts';
import { describeIssue } from './zod-issues.ts';

/** The config file looked for in the working directory when none is named. */
export const DEFAULT_CONFIG_FILE = 'dalio.yaml';

/** Where to find the config and what environment to resolve it against. */
export interface LoadConfigOptions {
  /** An explicit file (the CLI's `--config`); it must exist. */
  path?: string;
  /** The process environment (pass `process.env`); the package never reads it itself. */
  env: ConfigEnv;
  cwd: string;
}

/** Options of parseConfig. */
export interface ParseConfigOptions {
  /** Resolves relative paths when `source` is relative, and DALIO_STATE_DIR; default `process.cwd()`. */
  cwd?: string;
}

function validate(data: Record<string, unknown>, source: string) {
  const parsed = configFileSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => describeIssue(issue, configFileSchema, data));
  const [first] = problems;
  throw new ConfigError({
    source,
    key: first?.key ?? null,
    problem: first?.problem ?? 'is not valid',
    issues: problems.map((problem) => formatConfigProblem(source, problem.key, problem.problem)),
    cause: parsed.error,
  });
}

/** Parse and resolve the text of a config file; `source` names it in errors and anchors its relative paths. */
export function parseConfig(
  text: string,
  source: string,
  env: ConfigEnv,
  options: ParseConfigOptions = {},
): DalioConfig {
  const cwd = options.cwd ?? process.cwd();
  const sourcePath = resolve(cwd, source);
  const file = validate(readYamlMapping(text, source), source);
  return resolveConfig(file, { env, source, sourcePath, baseDir: dirname(sourcePath), cwd });
}

/** The config with no file at all: every default, the simulator without Alpaca keys, Alpaca paper with them. */
export function defaultConfig(env: ConfigEnv, options: ParseConfigOptions = {}): DalioConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = configFileSchema.parse({});
  return resolveConfig(file, { env, source: ENVIRONMENT_SOURCE, sourcePath: null, baseDir: cwd, cwd });
}

function readConfigText(path: string, source: string): string {
  try {
    if (statSync(path).isDirectory()) {
      throw new ConfigError({
        source,
        key: null,
        problem: 'is a directory, point at the dalio.yaml file inside it',
      });
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError({
      source,
      key: null,
      problem: `cannot be read (${code}), check its permissions`,
      cause: error,
    });
  }
}

/**
 * Find, read and resolve the config: `path` (the CLI's --config), else DALIO_CONFIG, else `dalio.yaml` in
 * `cwd` if it exists, else the defaults. A named file that does not exist is an error, never "use defaults".
 */
export function loadConfig(options: LoadConfigOptions): DalioConfig {
  const { env, cwd } = options;
  const named = options.path ?? envValue(env, 'DALIO_CONFIG');
  if (named !== null && named !== undefined) {
    const path = resolve(cwd, named);
    if (!existsSync(path)) {
      if (options.path !== undefined) {
        throw new ConfigError({
          source: named,
          key: null,
          problem: 'the file does not exist, check the --config path',
        });
      }
      throw new ConfigError({
        source: ENVIRONMENT_SOURCE,
        key: 'DALIO_CONFIG',
        problem: `${path} does not exist, point DALIO_CONFIG at your dalio.yaml or unset it`,
      });
    }
    return parseConfig(readConfigText(path, named), named, env, { cwd });
  }
  const discovered = resolve(cwd, DEFAULT_CONFIG_FILE);
  if (existsSync(discovered)) {
    return parseConfig(readConfigText(discovered, DEFAULT_CONFIG_FILE), DEFAULT_CONFIG_FILE, env, { cwd });
  }
  return defaultConfig(env, { cwd });
}
