import type { PresetName } from '@dalio-lite/core';
import { isMap, parseDocument } from 'yaml';
import { ConfigError } from './errors.ts';

/** What `allocation:` should say: a built-in preset, or the user's own weights in percent. */
export type AllocationChoice = { preset: PresetName } | { targetsPct: Readonly<Record<string, number>> };

/**
 * The text of a config file with its `allocation:` replaced, everything else (comments, order, other settings)
 * kept as written; `null` text starts an empty file. The result still needs `parseConfig` to be validated.
 */
export function writeAllocation(text: string | null, choice: AllocationChoice, source: string): string {
  // Comments and ordering survive only through the Document API; toJS + stringify would drop them.
  const document = parseDocument(text ?? '', { logLevel: 'error', uniqueKeys: true });
  const [first] = document.errors;
  if (first !== undefined) {
    throw new ConfigError({
      source,
      key: null,
      problem: `not valid YAML (${first.message}); fix the file before changing the allocation`,
      cause: first,
    });
  }
  // An empty file has no contents yet; `set` below creates the top-level mapping.
  if (document.contents !== null && !isMap(document.contents)) {
    throw new ConfigError({
      source,
      key: null,
      problem: 'expected a mapping of settings at the top level; fix the file before changing the allocation',
    });
  }
  if (!isMap(document.get('allocation', true))) document.set('allocation', document.createNode({}));
  if ('preset' in choice) {
    document.deleteIn(['allocation', 'targets']);
    document.setIn(['allocation', 'preset'], choice.preset);
  } else {
    document.deleteIn(['allocation', 'preset']);
    document.setIn(['allocation', 'targets'], document.createNode({ ...choice.targetsPct }, { flow: true }));
  }
  return document.toString();
}
