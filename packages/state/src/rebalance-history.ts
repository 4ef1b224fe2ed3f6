import { z } from 'zod';
import { syncDirectory, writeAll } from './durable-write.ts';
import { DurableWriteError, errnoCode, InvalidPayloadError } from './errors.ts';
import type { FsFileHandle } from './fs-port.ts';
import { type ParsedBytes, parseGrownHistory } from './history-growth.ts';
import { encodeHistoryLine, type SkippedLine } from './history-lines.ts';
import {
  type HistoryEntry,
  type HistoryEvent,
  type HistoryEventRecord,
  type HistoryRecord,
  historyEntrySchema,
  historyEventSchema,
} from './history-schema.ts';
import {
  type HistoryTail,
  numberOf,
  readHistoryTail,
  type TailLine,
  type TailWanted,
} from './history-tail.ts';
import { openStateDir, type StateDirOptions } from './state-dir.ts';

/** File name of the rebalance history (one checksummed JSON line per cycle). */
export const HISTORY_FILE = 'rebalance-history.jsonl';

/** One page of history, newest first; pass `nextBefore` as `before` for the next (older) page. */
export interface HistoryPage {
  records: HistoryRecord[];
  nextBefore: number | null;
  /** Bad lines among those read for this page (a page reads from the end of the file, not all of it). */
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

  const report = (skipped: SkippedLine[]) => {
    for (const line of skipped) onEvent({ type: 'history-line-skipped', path, ...line });
  };

  // The last whole-file read: the next one verifies only the lines appended since, if that is all that changed.
  let lastRead: ParsedBytes | null = null;
  /** The whole file, every line verified. */
  const read = async () => {
    await dir.ready();
    let bytes: Buffer = Buffer.alloc(0);
    try {
      bytes = await fs.readFile(path);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
    lastRead = parseGrownHistory(bytes, lastRead);
    report(lastRead.parsed.skipped);
    return lastRead.parsed;
  };
  /** From the end of the file: 'missing' without a file, null when its numbers need a whole-file read. */
  const readTail = async (wanted: TailWanted): Promise<HistoryTail | null | 'missing'> => {
    await dir.ready();
    let handle: FsFileHandle;
    try {
      handle = await fs.open(path, 'r');
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      return 'missing';
    }
    try {
      const tail = await readHistoryTail(handle, wanted);
      if (tail) report(tail.skipped);
      return tail;
    } finally {
      await handle.close();
    }
  };

  /** The next number: one past the newest verified line (numbers only grow, line by line), from the tail. */
  const nextNumber = async () => {
    const tail = await readTail({ wanted: () => true, count: 1 });
    if (tail === 'missing') return { n: 1, endsCleanly: true, exists: false };
    if (tail === null) {
      const { records, events, endsCleanly } = await read();
      const highest = [...records, ...events].reduce((max, record) => Math.max(max, record.n), 0);
      return { n: highest + 1, endsCleanly, exists: true };
    }
    const newest = tail.lines[0];
    return { n: newest ? numberOf(newest) + 1 : 1, endsCleanly: tail.endsCleanly, exists: true };
  };

  /** Append one line numbered after every cycle and event already there. */
  const appendLine = async (value: HistoryEntry | HistoryEvent): Promise<number> => {
    const current = await nextNumber();
    const n = current.n;
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

  /** The newest page read from the end of the file; the whole file only when its numbers are out of order. */
  const readNewest = async (limit: number, before: number): Promise<HistoryPage> => {
    const isOlder = (line: TailLine): line is Extract<TailLine, { kind: 'record' }> =>
      line.kind === 'record' && line.record.n < before;
    // One more than the page tells whether an older page exists.
    const tail = await readTail({ wanted: isOlder, count: limit + 1 });
    if (tail === 'missing') return { records: [], nextBefore: null, skipped: [] };
    if (tail === null) {
      const { records, skipped } = await read();
      const older = records.filter((record) => record.n < before).sort((a, b) => b.n - a.n);
      return { ...pageOf(older, limit), skipped };
    }
    const older = tail.lines.filter(isOlder).map((line) => line.record);
    return { ...pageOf(older, limit), skipped: tail.skipped };
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
    readPage({ limit = 20, before = Number.POSITIVE_INFINITY } = {}) {
      return readNewest(Math.max(0, limit), before);
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

/** The first `limit` of `older` (newest first) and the cursor of the page after it. */
function pageOf(older: HistoryRecord[], limit: number): Omit<HistoryPage, 'skipped'> {
  const page = older.slice(0, limit);
  const lastOnPage = page[page.length - 1];
  return { records: page, nextBefore: older.length > page.length && lastOnPage ? lastOnPage.n : null };
}
