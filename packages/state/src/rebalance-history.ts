import { z } from 'zod';
import { syncDirectory, writeAll } from './durable-write.ts';
import { DurableWriteError, errnoCode, InvalidPayloadError } from './errors.ts';
import { encodeHistoryLine, parseHistory, type SkippedLine } from './history-lines.ts';
import {
  type HistoryEntry,
  type HistoryEvent,
  type HistoryEventRecord,
  type HistoryRecord,
  historyEntrySchema,
  historyEventSchema,
} from './history-schema.ts';
import { openStateDir, type StateDirOptions } from './state-dir.ts';

/** File name of the rebalance history (one checksummed JSON line per cycle). */
export const HISTORY_FILE = 'rebalance-history.jsonl';

/** One page of history, newest first; pass `nextBefore` as `before` for the next (older) page. */
export interface HistoryPage {
  records: HistoryRecord[];
  nextBefore: number | null;
  skipped: SkippedLine[];
}

/** Options of the rebalance history. */
export type RebalanceHistoryOptions = Omit<StateDirOptions, 'onStep'>;

/** The append-only, checksummed record of every rebalance cycle. */
export interface RebalanceHistory {
  readonly path: string;
  /** Append one cycle durably (O_APPEND + fsync); returns it with its number. */
  append(entry: HistoryEntry): Promise<HistoryRecord>;
  /** Newest first, at most `limit` (default 20), only cycles numbered below `before`. */
  readPage(options?: { limit?: number; before?: number }): Promise<HistoryPage>;
  /** Every verified cycle, oldest first (for metrics). */
  readAll(): Promise<{ records: HistoryRecord[]; skipped: SkippedLine[] }>;
  /** Append an event between cycles (an allocation change), numbered in the cycles' sequence. */
  appendEvent(event: HistoryEvent): Promise<HistoryEventRecord>;
  /** Every verified event, oldest first; cycle readers above never see them. */
  readEvents(): Promise<HistoryEventRecord[]>;
}

/** Create the history of a state directory. Append under the rebalance lock; reading needs no lock. */
export function createRebalanceHistory(options: RebalanceHistoryOptions): RebalanceHistory {
  const dir = openStateDir(options);
  const { fs, onEvent } = dir.context;
  const path = dir.path(HISTORY_FILE);

  const read = async () => {
    await dir.ready();
    let text = '';
    try {
      text = (await fs.readFile(path)).toString('utf8');
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      return { records: [], events: [], skipped: [], endsCleanly: true, exists: false };
    }
    const parsed = parseHistory(text);
    for (const line of parsed.skipped) onEvent({ type: 'history-line-skipped', path, ...line });
    return { ...parsed, exists: true };
  };

  /** Append one line numbered after every cycle and event already there. */
  const appendLine = async (value: HistoryEntry | HistoryEvent): Promise<number> => {
    const current = await read();
    const n =
      [...current.records, ...current.events].reduce((highest, record) => Math.max(highest, record.n), 0) + 1;
    // A torn tail gets its own line so the new record is not glued onto it.
    const line = `${current.endsCleanly ? '' : '\n'}${encodeHistoryLine(n, value)}`;
    try {
      const handle = await fs.open(path, 'a', 0o600);
      try {
        await writeAll(handle, Buffer.from(line, 'utf8'), null);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (!current.exists) await syncDirectory(fs, dir.root);
    } catch (error) {
      // Earlier lines are intact; a partial line is a torn tail the next read skips.
      throw new DurableWriteError(path, 'history-append', error, false);
    }
    return n;
  };

  return {
    path,
    async append(entry) {
      const valid = historyEntrySchema.safeParse(entry);
      if (!valid.success) throw new InvalidPayloadError(path, z.prettifyError(valid.error), valid.error);
      return { n: await appendLine(valid.data), entry: valid.data };
    },
    async appendEvent(event) {
      const valid = historyEventSchema.safeParse(event);
      if (!valid.success) throw new InvalidPayloadError(path, z.prettifyError(valid.error), valid.error);
      return { n: await appendLine(valid.data), event: valid.data };
    },
    async readPage({ limit = 20, before = Number.POSITIVE_INFINITY } = {}) {
      const { records, skipped } = await read();
      const older = records.filter((record) => record.n < before).sort((a, b) => b.n - a.n);
      const page = older.slice(0, Math.max(0, limit));
      const lastOnPage = page[page.length - 1];
      return {
        records: page,
        nextBefore: older.length > page.length && lastOnPage ? lastOnPage.n : null,
        skipped,
      };
    },
    async readAll() {
      const { records, skipped } = await read();
      return { records: [...records].sort((a, b) => a.n - b.n), skipped };
    },
    async readEvents() {
      const { events } = await read();
      return [...events].sort((a, b) => a.n - b.n);
    },
  };
}
