import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createRebalanceHistory,
  createStateStore,
  STATE_FILE_MODE,
  type StatePayload,
  writeFileDurably,
} from '@dalio-lite/state';
import type { DrillResult, StoreKind } from './backup-status.ts';
import type { BackupStore } from './backup-store.ts';
import { BackupError } from './errors.ts';
import { type BackupOwner, describeAccount, verifyFully } from './verify-backup.ts';

/** What a drill reads from the broker: nothing it does changes the account. */
export interface DrillBroker {
  readonly venue: string;
  getAccount(): Promise<{ id: string }>;
  getOrderByClientOrderId(clientOrderId: string): Promise<{ status: string } | null>;
  listOrders(query: { status: 'all'; limit: number }): Promise<{ clientOrderId: string }[]>;
}

/** What a drill needs besides the store: the owner, the broker, which orders are ours, a scratch place. */
export interface DrillContext {
  owner: BackupOwner;
  broker: DrillBroker;
  /** True for a client order id the autopilot made (its prefix), so the user's own orders are left out. */
  isOwnOrder(clientOrderId: string): boolean;
  /** Where the scratch directory is made (removed afterwards). */
  workDir: string;
}

/**
 * Restore one backup into a scratch directory and prove it usable: every byte verified, the state loads,
 * the history reads, the broker account is the backup's, each open intent's orders are found at the broker
 * by client order id, and the broker's own orders the backup does not know are counted (a real restore
 * adopts them). Read-only at the broker and the real state directory.
 */
export async function drillOne(
  store: BackupStore,
  kind: StoreKind,
  id: string | null,
  context: DrillContext,
): Promise<DrillResult> {
  const base = { store: kind, location: store.location, backupId: id, seq: null };
  if (id === null) return { ...base, ok: false, details: ['no backup to restore in this store'] };
  const scratch = await mkdtemp(join(context.workDir, '.drill-'));
  try {
    const backup = await verifyFully(store, id, context.owner);
    const details = [`verified ${backup.manifest.files.length} files, every sha256`];
    for (const [name, bytes] of backup.files) {
      await writeFileDurably(join(scratch, name), bytes, { mode: STATE_FILE_MODE });
    }
    const state = await createStateStore({ stateDir: scratch }).load();
    if (!state) return { ...base, ok: false, details: [...details, 'the restored state is empty'] };
    const history = await createRebalanceHistory({ stateDir: scratch }).readAll();
    details.push(`loaded state seq ${state.seq} and ${history.records.length} history records`);
    const account = await context.broker.getAccount();
    const { venue, accountId } = backup.manifest.account;
    if (context.broker.venue !== venue || account.id !== accountId) {
      const at = describeAccount({ venue: context.broker.venue as typeof venue, accountId: account.id });
      return {
        ...base,
        seq: state.seq,
        ok: false,
        details: [
          ...details,
          `the broker is ${at}, the backup is ${describeAccount(backup.manifest.account)}`,
        ],
      };
    }
    details.push(`the broker account is the backup's (${describeAccount(backup.manifest.account)})`);
    details.push(...(await lookUpOpenIntents(state.payload, context.broker)));
    const known = new Set([
      ...Object.values(state.payload.days).flatMap((day) =>
        day.plannedOrders.map((order) => order.clientOrderId),
      ),
      ...history.records.flatMap((record) => record.entry.orders.map((order) => order.clientOrderId)),
    ]);
    const unknown = (await context.broker.listOrders({ status: 'all', limit: 500 })).filter(
      (order) => context.isOwnOrder(order.clientOrderId) && !known.has(order.clientOrderId),
    );
    details.push(
      unknown.length === 0
        ? 'every recent order of ours at the broker is in the backup'
        : `${unknown.length} orders of ours at the broker were placed after the backup; a restore adopts them by client order id`,
    );
    return { ...base, seq: state.seq, ok: true, details };
  } catch (error) {
    const reason = error instanceof BackupError || error instanceof Error ? error.message : String(error);
    return { ...base, ok: false, details: [reason] };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function lookUpOpenIntents(payload: StatePayload, broker: DrillBroker): Promise<string[]> {
  const lines: string[] = [];
  for (const day of Object.values(payload.days).filter((record) => record.status === 'intent')) {
    for (const order of day.plannedOrders) {
      const found = await broker.getOrderByClientOrderId(order.clientOrderId);
      lines.push(
        `open intent ${day.day}: ${order.clientOrderId} is ${found ? found.status : 'not at the broker'}`,
      );
    }
  }
  return lines;
}
