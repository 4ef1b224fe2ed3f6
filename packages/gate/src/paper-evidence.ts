import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AccountBinding,
  accountBindingSchema,
  decodeEnvelope,
  HISTORY_FILE,
  parseHistory,
  STATE_FILE,
} from '@dalio-lite/state';
import type { PaperEvidence } from './checklist-evidence.ts';
import { readOptionalFile } from './optional-file.ts';
import { trackRecord } from './track-record.ts';

/**
 * The paper install's account binding and history, read strictly read-only: plain reads and the state
 * package's pure decoders, never a store (which would prepare, tighten or quarantine): a live run leaves the
 * paper state exactly as it was.
 */
export async function readPaperEvidence(dir: string): Promise<PaperEvidence> {
  const exists = await stat(dir).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!exists) return { dir, exists, binding: null, record: trackRecord([]) };
  const stateBytes = await readOptionalFile(join(dir, STATE_FILE));
  let binding: AccountBinding | null = null;
  if (stateBytes !== null) {
    const decoded = decodeEnvelope(stateBytes);
    if (!decoded.ok)
      throw new Error(`the paper state ${join(dir, STATE_FILE)} cannot be read: ${decoded.message}`);
    const account = (decoded.envelope.payload as { account?: unknown } | null)?.account ?? null;
    const parsed = accountBindingSchema.nullable().safeParse(account);
    binding = parsed.success ? parsed.data : null;
  }
  const historyBytes = await readOptionalFile(join(dir, HISTORY_FILE));
  const { records } = parseHistory(historyBytes?.toString('utf8') ?? '');
  return { dir, exists, binding, record: trackRecord(records) };
}
