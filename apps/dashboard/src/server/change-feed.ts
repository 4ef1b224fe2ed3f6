import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChangeTopic } from '../shared/protocol.ts';

/** Files of the state directory whose change some page shows, by topic. */
const WATCHED: readonly (readonly [string, ChangeTopic])[] = [
  ['state.json', 'state'],
  ['rebalance-history.jsonl', 'history'],
  ['heartbeat.json', 'heartbeat'],
  ['alerts.json', 'alerts'],
  ['dashboard-acks.json', 'alerts'],
];

/** Tells subscribers what changed: writes by any process to the state directory, and fresh broker reads. */
export interface ChangeFeed {
  /** Subscribe; the returned function unsubscribes. Watching the files runs only while someone listens. */
  subscribe(listener: (topics: ChangeTopic[]) => void): () => void;
  publish(topics: ChangeTopic[]): void;
  /** Look at the files once now (the timer does this every `intervalMs` while someone listens). */
  poll(): Promise<void>;
  close(): void;
}

/** Options of `createChangeFeed`. */
export interface ChangeFeedOptions {
  stateDir: string;
  /** How often the files are looked at while someone listens (default 1 s: a stat of five files). */
  intervalMs?: number;
  /** Called with what changed in the files, before the listeners (to let cached reads go stale). */
  onFilesChanged?: (topics: ChangeTopic[]) => void;
}

/** Create the change feed of a state directory. Another process's `dalio run` shows up within `intervalMs`. */
export function createChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  const listeners = new Set<(topics: ChangeTopic[]) => void>();
  const seen = new Map<string, string>();
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;

  const publish = (topics: ChangeTopic[]) => {
    for (const listener of listeners) listener(topics);
  };

  const look = async () => {
    const changed = new Set<ChangeTopic>();
    await Promise.all(
      WATCHED.map(async ([file, topic]) => {
        const info = await stat(join(options.stateDir, file)).catch(() => null);
        const mark = info ? `${info.mtimeMs}:${info.size}:${info.ino}` : 'none';
        const before = seen.get(file);
        seen.set(file, mark);
        if (before !== undefined && before !== mark) changed.add(topic);
      }),
    );
    if (changed.size === 0) return;
    const topics = [...changed];
    options.onFilesChanged?.(topics);
    publish(topics);
  };

  const poll = () => {
    polling ??= look().finally(() => {
      polling = null;
    });
    return polling;
  };

  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!timer) {
        void poll();
        timer = setInterval(() => void poll(), options.intervalMs ?? 1_000);
        timer.unref();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    publish,
    poll,
    close() {
      stop();
      listeners.clear();
    },
  };
}
