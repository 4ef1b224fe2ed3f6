// Child for the crash-point tests: a durable write that SIGKILLs itself at the step named in CRASH_AT.
import { readFileSync } from 'node:fs';
import { writeFileDurably } from '../src/durable-write.ts';

const [target, source] = process.argv.slice(2);
if (!target || !source) throw new Error('usage: crash-write-child <target> <source-of-new-bytes>');
const crashAt = process.env.CRASH_AT;

await writeFileDurably(target, readFileSync(source), {
  onStep: (name) => {
    if (name === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('done\n');
