import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, formatConfigProblem } from './errors.ts';
import { formatValue } from './format-value.ts';

/**
 * Parse the text of a config file into plain data with the `yaml` library: YAML 1.2, duplicate keys refused,
 * aliases capped. A syntax error, an empty file or a top level that is not a mapping is a ConfigError.
 */
export function readYamlMapping(text: string, source: string): Record<string, unknown> {
  const lineCounter = new LineCounter();
  // logLevel 'error' keeps the library from printing warnings itself; a package never prints.
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: 'error',
  });
  const [first] = document.errors;
  if (first !== undefined) {
    const problems = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return `not valid YAML at line ${line} column ${col}: ${error.message}`;
    });
    throw new ConfigError({
      source,
      key: null,
      problem: problems[0] ?? first.message,
      issues: problems.map((problem) => formatConfigProblem(source, null, problem)),
      cause: first,
    });
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError({
      source,
      key: null,
      problem: `not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  if (data === null || data === undefined) {
    throw new ConfigError({
      source,
      key: null,
      problem: 'the file is empty, remove it or add settings (see dalio.example.yaml)',
    });
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError({
      source,
      key: null,
      problem: `expected a mapping of settings such as "mode: paper" at the top level, got ${formatValue(data)}`,
    });
  }
  return data as Record<string, unknown>;
}
