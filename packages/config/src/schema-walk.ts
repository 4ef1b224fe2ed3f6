import * as z from 'zod';
import type { FieldHint } from './schema-fields.ts';

type PathKey = PropertyKey;

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
}

function defOf(schema: z.ZodType): SchemaDef {
  return schema._zod.def as unknown as SchemaDef;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schemas a field is made of from the outside in: wrappers (optional, default, pipe input) peeled one by one. */
function layers(schema: z.ZodType): z.ZodType[] {
  const found: z.ZodType[] = [schema];
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const next = WRAPPERS.has(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (next === undefined) return found;
    found.push(next);
    current = next;
  }
}

/** The innermost schema of a field, past optional/default/transform wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  return layers(schema).at(-1) ?? schema;
}

/** The error-message hint attached to a field with `.meta()`, merged from the outside in. */
export function hintOf(schema: z.ZodType | null): FieldHint {
  if (schema === null) return {};
  const hint: FieldHint = {};
  for (const layer of layers(schema).reverse()) Object.assign(hint, z.globalRegistry.get(layer) ?? {});
  return hint;
}

/** The value at a path in the parsed file, or undefined. */
export function valueAt(input: unknown, path: readonly PathKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** For a discriminated union, the option the input's discriminator selects; otherwise the schema itself. */
function pickOption(schema: z.ZodType, input: unknown): z.ZodType | null {
  const def = defOf(schema);
  if (def.type !== 'union') return schema;
  const discriminator = def.discriminator;
  const wanted = discriminator === undefined ? undefined : valueAt(input, [discriminator]);
  for (const option of def.options ?? []) {
    const shape = defOf(unwrap(option)).shape;
    const tag = discriminator === undefined ? undefined : shape?.[discriminator];
    if (tag !== undefined && (defOf(unwrap(tag)).values ?? []).includes(wanted)) return unwrap(option);
  }
  return null;
}

/** The schema of the setting at `path` (following the input through lists and unions), or null. */
export function schemaAt(root: z.ZodType, path: readonly PathKey[], input: unknown): z.ZodType | null {
  let current: z.ZodType | null = root;
  for (let index = 0; index < path.length && current !== null; index += 1) {
    const key = path[index] as PathKey;
    const inner = pickOption(unwrap(current), valueAt(input, path.slice(0, index)));
    if (inner === null) return null;
    const def = defOf(inner);
    if (def.type === 'object') current = def.shape?.[String(key)] ?? null;
    else if (def.type === 'array') current = def.element ?? null;
    else if (def.type === 'record') current = def.valueType ?? null;
    else return null;
  }
  return current;
}

/** The keys an object setting allows (for "unknown key" errors), following the input through unions. */
export function allowedKeysAt(root: z.ZodType, path: readonly PathKey[], input: unknown): string[] {
  const schema = schemaAt(root, path, input);
  if (schema === null) return [];
  const inner = pickOption(unwrap(schema), valueAt(input, path));
  return inner === null ? [] : Object.keys(defOf(inner).shape ?? {});
}

/** `notifications.channels[0].url` from `['notifications', 'channels', 0, 'url']`. */
export function formatKeyPath(path: readonly PathKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}
