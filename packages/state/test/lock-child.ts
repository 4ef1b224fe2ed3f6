// Child for the lock tests. Modes:
//   contend <rounds> <holdMs>: print "ready", wait for a line on stdin, then log "want" (to <log>.want), take the lock (waiting), log enter/exit around a
//     short hold, release; repeat.
//   hold: take the lock, print "locked", then stay alive until killed.
import { appendFileSync } from 'node:fs';
import { createRebalanceLock } from '../src/rebalance-lock.ts';

const [stateDir, staleMs, mode, logPath, rounds, holdMs] = process.argv.slice(2);
if (!stateDir || !staleMs || !mode)
  throw new Error('usage: lock-child <stateDir> <staleMs> <mode> [log rounds holdMs]');
const lock = createRebalanceLock({ stateDir, staleMs: Number(staleMs) });
const stamp = (): string => process.hrtime.bigint().toString();

if (mode === 'contend') {
  if (!logPath) throw new Error('contend needs a log path');
  // Start barrier: every contender is loaded before any of them asks for the lock.
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  for (let round = 0; round < Number(rounds); round += 1) {
    appendFileSync(`${logPath}.want`, `want ${process.pid} ${stamp()}\n`);
    const outcome = await lock.withLock(async (held) => {
      held.assertHeld();
      appendFileSync(logPath, `enter ${process.pid} ${stamp()}\n`);
      await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
      appendFileSync(logPath, `exit ${process.pid} ${stamp()}\n`);
    });
    if (outcome.kind !== 'done') throw new Error(`lock was ${outcome.kind}`);
  }
  process.stdout.write('done\n');
} else if (mode === 'hold') {
  const attempt = await lock.acquire({ wait: false });
  process.stdout.write(`${attempt.kind === 'acquired' ? 'locked' : 'busy'}\n`);
  setInterval(() => {}, 1_000);
} else {
  throw new Error(`unknown mode ${mode}`);
}
