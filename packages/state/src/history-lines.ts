import { sha256OfJson } from './canonical-json.ts';
import {
  type HistoryEntry,
  type HistoryEvent,
  type HistoryEventRecord,
  type HistoryRecord,
  historyEntrySchema,
  historyEventSchema,
  historyLineSchema,
} from './history-schema.ts';
import type { SkippedLineReason } from './state-events.ts';

/** A history line that was not used, with why; `last` marks the tail line a crash may have torn. */
export interface SkippedLine {
  lineNumber: number;
  reason: SkippedLineReason;
  last: boolean;
}

/** The parsed history file. */
export interface ParsedHistory {
  records: HistoryRecord[];
  /** Lines that record something between cycles (an allocation change), in file order. */
  events: HistoryEventRecord[];
  skipped: SkippedLine[];
  /** False when the file does not end in a newline (a torn tail): the next append starts a fresh line. */
  endsCleanly: boolean;
}

/** Serialize one cycle or event as a checksummed, newline-terminated line. */
export function encodeHistoryLine(n: number, entry: HistoryEntry | HistoryEvent): string {
  return `${JSON.stringify({ n, sha256: sha256OfJson({ n, entry }), entry })}\n`;
}

/** One line checked: a cycle, an event, or why it was skipped. */
export type VerifiedLine =
  | { kind: 'record'; record: HistoryRecord }
  | { kind: 'event'; event: HistoryEventRecord }
  | { kind: 'skipped'; reason: SkippedLineReason };

/** Parse every line; bad lines are skipped and listed, never fatal. */
export function parseHistory(text: string): ParsedHistory {
  const lines = text.split('\n');
  const endsCleanly = text.length === 0 || text.endsWith('\n');
  if (endsCleanly) lines.pop();
  const records: HistoryRecord[] = [];
  const events: HistoryEventRecord[] = [];
  const skipped: SkippedLine[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const last = index === lines.length - 1;
    const verified = verifyHistoryLine(line, last);
    if (verified.kind === 'record') records.push(verified.record);
    else if (verified.kind === 'event') events.push(verified.event);
    else skipped.push({ lineNumber: index + 1, reason: verified.reason, last });
  });
  return { records, events, skipped, endsCleanly };
}

/** Check one non-blank line; an unparseable `last` line is `torn` (a crash cut its write short). */
export function verifyHistoryLine(line: string, last: boolean): VerifiedLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { kind: 'skipped', reason: last ? 'torn' : 'unparseable' };
  }
  const shape = historyLineSchema.safeParse(parsed);
  if (!shape.success) return { kind: 'skipped', reason: 'schema' };
  const { n, sha256, entry } = shape.data;
  if (sha256OfJson({ n, entry }) !== sha256) return { kind: 'skipped', reason: 'checksum' };
  const valid = historyEntrySchema.safeParse(entry);
  if (valid.success) return { kind: 'record', record: { n, entry: valid.data } };
  const event = historyEventSchema.safeParse(entry);
  if (!event.success) return { kind: 'skipped', reason: 'schema' };
  return { kind: 'event', event: { n, event: event.data } };
}

/** Newlines in the first `end` bytes (all of them by default). */
export function countNewlines(bytes: Buffer, end = bytes.length): number {
  let total = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < end; at = bytes.indexOf(0x0a, at + 1)) total += 1;
  return total;
}
