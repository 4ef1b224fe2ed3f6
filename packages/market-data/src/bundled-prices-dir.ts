import { fileURLToPath } from 'node:url';

/** The directory of the shipped daily price files (`<SYMBOL>.csv`); resolves the same from `src/` and `dist/`. */
export const BUNDLED_PRICES_DIR: string = fileURLToPath(new URL('../data/prices/', import.meta.url));
