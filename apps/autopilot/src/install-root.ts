import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installation's root directory (the repository): `src/` and `dist/` both sit two levels below it. */
export const INSTALL_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
