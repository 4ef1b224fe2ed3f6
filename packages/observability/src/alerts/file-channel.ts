import { appendFile } from 'node:fs/promises';
import type { Alert } from './alert.ts';
import type { AlertChannel } from './notifier.ts';

/** One JSON line per alert appended to a file (created 0600). */
export function createFileChannel(path: string): AlertChannel {
  return {
    kind: 'file',
    label: `file ${path}`,
    async send(alert: Alert) {
      await appendFile(path, `${JSON.stringify(alert)}\n`, { mode: 0o600 });
    },
  };
}

/** Alerts handed to a function the app provides (its log); `kind` is `console`, as the config names it. */
export function createLogChannel(write: (alert: Alert) => void): AlertChannel {
  return {
    kind: 'console',
    label: 'log',
    async send(alert: Alert) {
      write(alert);
    },
  };
}
