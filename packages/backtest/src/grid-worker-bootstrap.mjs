// Starts a grid worker from TypeScript sources (vitest, tsx): Node 20 ignores `--import` in a worker's
// execArgv, so the worker registers tsx's loader itself before importing the real worker module.
import { register } from 'tsx/esm/api';

register();
await import('./grid-worker.ts');
