import { countNewlines, type ParsedHistory, parseHistory } from './history-lines.ts';

/** A whole-file parse kept with the bytes it came from. */
export interface ParsedBytes {
  bytes: Buffer;
  parsed: ParsedHistory;
  /** Newlines in `bytes`. */
  newlines: number;
}

/**
 * Parse the whole history file, verifying only what was appended since `previous` when the file merely grew: its
 * first bytes are exactly `previous.bytes`, which ended on a newline. Any other change (a restore, damage in
 * the middle, a truncation) fails that byte-for-byte check and is parsed from scratch, so nothing is missed.
 */
export function parseGrownHistory(bytes: Buffer, previous: ParsedBytes | null): ParsedBytes {
  const before = previous?.bytes;
  const grew =
    previous !== null &&
    before !== undefined &&
    previous.parsed.endsCleanly &&
    bytes.length >= before.length &&
    bytes.subarray(0, before.length).equals(before);
  if (!grew) return { bytes, parsed: parseHistory(bytes.toString('utf8')), newlines: countNewlines(bytes) };
  if (bytes.length === before.length) return { ...previous, bytes };
  const added = parseHistory(bytes.toString('utf8', before.length));
  const { parsed } = previous;
  // The old last line is followed by more now: an unparseable one was damage, not a torn tail.
  const earlier = parsed.skipped.map((line) =>
    line.last ? { ...line, reason: line.reason === 'torn' ? 'unparseable' : line.reason, last: false } : line,
  );
  return {
    bytes,
    parsed: {
      records: [...parsed.records, ...added.records],
      events: [...parsed.events, ...added.events],
      skipped: [
        ...earlier,
        ...added.skipped.map((line) => ({ ...line, lineNumber: line.lineNumber + previous.newlines })),
      ],
      endsCleanly: added.endsCleanly,
    },
    newlines: previous.newlines + countNewlines(bytes.subarray(before.length)),
  };
}
