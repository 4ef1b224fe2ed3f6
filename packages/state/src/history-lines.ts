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
    const reason = verifyLine(line, records, events);
    if (reason !== null)
      skipped.push({
        lineNumber: index + 1,
        reason: reason === 'unparseable' && last ? 'torn' : reason,
        last,
      });
  });
  return { records, events, skipped, endsCleanly };
}

function verifyLine(
  line: string,
  records: HistoryRecord[],
  events: HistoryEventRecord[],
): SkippedLineReason | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return 'unparseable';
  }
  const shape = historyLineSchema.safeParse(parsed);
  if (!shape.success) return 'schema';
  const { n, sha256, entry } = shape.data;
  if (sha256OfJson({ n, entry }) !== sha256) return 'checksum';
  const valid = historyEntrySchema.safeParse(entry);
  if (valid.success) {
    records.push({ n, entry: valid.data });
    return null;
  }
  const event = historyEventSchema.safeParse(entry);
  if (!event.success) return 'schema';
  events.push({ n, event: event.data });
  return null;
}
