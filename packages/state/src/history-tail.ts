import type { FsFileHandle } from './fs-port.ts';
import { countNewlines, type SkippedLine, type VerifiedLine, verifyHistoryLine } from './history-lines.ts';

const NEWLINE = 0x0a;
/** The first read from the end; each later one doubles what is held, so a deep page still costs O(file). */
const CHUNK_BYTES = 64 * 1024;

/** A verified cycle or event. */
export type TailLine = Exclude<VerifiedLine, { kind: 'skipped' }>;

/** What reading the history from its end found, newest first. */
export interface HistoryTail {
  /** Verified cycles and events, newest first, as far back as the read went. */
  lines: TailLine[];
  /** Bad lines met on the way, in file order, numbered as in the whole file. */
  skipped: SkippedLine[];
  /** False when the file does not end in a newline (a torn tail). */
  endsCleanly: boolean;
}

/** Which verified lines a tail read looks for, and how many of them end it. */
export interface TailWanted {
  wanted(line: TailLine): boolean;
  count: number;
}

/**
 * Verify the history's lines from the newest back, reading the open file backwards in chunks, until `count`
 * wanted lines are found or the file starts: a page or the next number costs a few lines, not the whole file.
 * Returns null when the numbers met do not fall line by line (a file not grown by appends alone): only a
 * whole-file read answers that one correctly.
 */
export async function readHistoryTail(
  handle: FsFileHandle,
  { wanted, count }: TailWanted,
): Promise<HistoryTail | null> {
  const { size } = await handle.stat();
  // `window` holds the file's bytes from `from` to `size`.
  let from = size;
  let window = Buffer.alloc(0);
  const extend = async () => {
    const length = Math.min(from, Math.max(CHUNK_BYTES, window.length));
    const chunk = await readAt(handle, from - length, length);
    from -= length;
    window = Buffer.concat([chunk, window]);
  };
  /** Offset in `window` of the last newline before the absolute offset `end`, or -1. */
  const newlineBefore = (end: number) => (end - from <= 0 ? -1 : window.lastIndexOf(NEWLINE, end - from - 1));

  if (size > 0) await extend();
  const endsCleanly = size === 0 || window[window.length - 1] === NEWLINE;
  const lines: TailLine[] = [];
  const skippedAt: { start: number; reason: SkippedLine['reason']; last: boolean }[] = [];
  // `end` is where the current line stops (exclusive); the file's final newline ends the last line.
  let end = endsCleanly ? size - 1 : size;
  let last = true;
  let found = 0;
  while (end >= 0 && found < count) {
    let newline = newlineBefore(end);
    while (newline === -1 && from > 0) {
      await extend();
      newline = newlineBefore(end);
    }
    const start = newline === -1 ? 0 : from + newline + 1;
    const text = window.toString('utf8', start - from, end - from);
    if (text.trim() !== '') {
      const verified = verifyHistoryLine(text, last);
      if (verified.kind === 'skipped') skippedAt.push({ start, reason: verified.reason, last });
      else {
        const newer = lines[lines.length - 1];
        if (newer && numberOf(newer) <= numberOf(verified)) return null;
        lines.push(verified);
        if (wanted(verified)) found += 1;
      }
    }
    last = false;
    end = start - 1;
  }
  if (skippedAt.length === 0) return { lines, skipped: [], endsCleanly };
  // Line numbers count from the top of the file: only a damaged tail pays for counting the lines before.
  const before = await newlinesBefore(handle, from);
  const skipped = skippedAt.reverse().map(({ start, reason, last: isLast }) => ({
    lineNumber: before + countNewlines(window, start - from) + 1,
    reason,
    last: isLast,
  }));
  return { lines, skipped, endsCleanly };
}

/** The number of a verified cycle or event. */
export function numberOf(line: TailLine): number {
  return line.kind === 'record' ? line.record.n : line.event.n;
}

/** `length` bytes at `position` (fewer if the file ends sooner). */
async function readAt(handle: FsFileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** Newlines in the first `length` bytes of the open file, read in chunks. */
async function newlinesBefore(handle: FsFileHandle, length: number): Promise<number> {
  let total = 0;
  for (let position = 0; position < length; position += CHUNK_BYTES * 16) {
    const chunk = await readAt(handle, position, Math.min(CHUNK_BYTES * 16, length - position));
    total += countNewlines(chunk);
  }
  return total;
}
