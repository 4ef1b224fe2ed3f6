// Child for the store crash-point tests: one state update that SIGKILLs itself at the step named in CRASH_AT.
import { createStateStore } from '../src/state-store.ts';

const [stateDir, staleMs] = process.argv.slice(2);
if (!stateDir) throw new Error('usage: crash-store-child <stateDir> [staleMs]');
const crashAt = process.env.CRASH_AT;

const store = createStateStore({
  stateDir,
  ...(staleMs ? { staleMs: Number(staleMs) } : {}),
  onStep: (name) => {
    if (name === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
await store.update((state) => ({ ...state, highWaterMarkUsd: 2222 }));
process.stdout.write('done\n');
