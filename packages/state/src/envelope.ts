import { z } from 'zod';
import { sha256OfJson } from './canonical-json.ts';
import type { CorruptionKind } from './errors.ts';

/** The envelope around every checksummed state file. `sha256` covers the canonical JSON of `payload`. */
export interface Envelope {
  schemaVersion: number;
  seq: number;
  writtenAt: string;
  sha256: string;
  payload: unknown;
}

const envelopeSchema = z.object({
  schemaVersion: z.number().int().min(1),
  seq: z.number().int().min(0),
  writtenAt: z.iso.datetime({ offset: true }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  payload: z.unknown(),
});

/** A decoded envelope, or why the bytes cannot be trusted. */
export type DecodedEnvelope =
  | { ok: true; envelope: Envelope }
  | { ok: false; kind: CorruptionKind; message: string };

/** Serialize a payload into envelope bytes (pretty JSON for operators, newline-terminated). */
export function encodeEnvelope(
  schemaVersion: number,
  seq: number,
  writtenAt: Date,
  payload: unknown,
): string {
  const envelope: Envelope = {
    schemaVersion,
    seq,
    writtenAt: writtenAt.toISOString(),
    sha256: sha256OfJson(payload),
    payload,
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/** Parse and verify envelope bytes: empty, NUL bytes, truncated or invalid JSON, bad envelope, checksum. */
export function decodeEnvelope(bytes: Uint8Array): DecodedEnvelope {
  if (bytes.length === 0) return { ok: false, kind: 'empty', message: 'the file is empty' };
  if (bytes.includes(0)) return { ok: false, kind: 'nul-bytes', message: 'the file contains NUL bytes' };
  const text = Buffer.from(bytes).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Our files always end in "}\n": anything else that does not parse was cut short.
    const truncated = !text.trimEnd().endsWith('}');
    const reason = error instanceof Error ? error.message : String(error);
    return truncated
      ? { ok: false, kind: 'truncated', message: `the JSON is truncated (${reason})` }
      : { ok: false, kind: 'unparseable', message: `the JSON does not parse (${reason})` };
  }
  const result = envelopeSchema.safeParse(parsed);
  if (!result.success) {
    return { ok: false, kind: 'schema', message: `not a state envelope: ${z.prettifyError(result.error)}` };
  }
  const envelope = result.data as Envelope;
  const actual = sha256OfJson(envelope.payload);
  if (actual !== envelope.sha256) {
    return {
      ok: false,
      kind: 'checksum',
      message: `checksum mismatch: envelope says ${envelope.sha256}, payload hashes to ${actual}`,
    };
  }
  return { ok: true, envelope };
}
