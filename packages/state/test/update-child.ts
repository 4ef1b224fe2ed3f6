// Child for the concurrent-update tests: print "ready", wait for a line on stdin (start barrier), then
// append `<label>-<i>` to the reasons of the shared day record <count> times, each in its own update.
import { createStateStore } from '../src/state-store.ts';
import { appendReason } from './state-fixtures.ts';

const [stateDir, staleMs, label, count] = process.argv.slice(2);
if (!stateDir || !staleMs || !label || !count)
  throw new Error('usage: update-child <stateDir> <staleMs> <label> <count>');
const store = createStateStore({ stateDir, staleMs: Number(staleMs) });

process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
for (let index = 0; index < Number(count); index += 1) {
  await store.update((state) => appendReason(state, `${label}-${index}`));
}
process.stdout.write('done\n');
