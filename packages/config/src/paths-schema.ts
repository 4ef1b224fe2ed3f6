import { optionalPath, section } from './schema-fields.ts';

/** `paths:` — the state directory; null = the per-mode default under the user's data directory. */
export const pathsSchema = section({
  stateDir: optionalPath(),
});
