import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SimState, SimStore } from './sim-state.ts';

/** The file, inside the data directory, that holds the simulator's state. */
export const SIM_STATE_FILE = 'simulator-state.json';

/** Keep simulator state in `<dir>/simulator-state.json`, written by temp file, fsync and rename. */
export function createFileSimStore(dir: string): SimStore {
  const file = join(dir, SIM_STATE_FILE);
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      const state = JSON.parse(text) as SimState;
      if (state.version !== 1 || !Array.isArray(state.orders)) {
        throw new Error(`${file}: not a simulator state file (version ${String(state.version)})`);
      }
      return state;
    },
    save(state) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      const fd = openSync(temp, 'w', 0o600);
      try {
        const bytes = Buffer.from(JSON.stringify(state));
        let written = 0;
        // writeSync may write fewer bytes than asked; loop until all are down.
        while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, file);
    },
  };
}
