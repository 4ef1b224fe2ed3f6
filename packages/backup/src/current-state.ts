import { type AccountBinding, StateCorruptError, type StateStore } from '@dalio-lite/state';

/** What is in the state directory now: nothing, a state that verifies, or one that does not. */
export type CurrentState =
  | { kind: 'none' }
  | { kind: 'ok'; seq: number; writtenAt: string; binding: AccountBinding | null }
  | { kind: 'unreadable'; reason: string };

/** Look at the current state without changing anything but what a load does (a corrupt file is quarantined). */
export async function currentState(store: Pick<StateStore, 'load'>): Promise<CurrentState> {
  try {
    const state = await store.load();
    if (state === null) return { kind: 'none' };
    return { kind: 'ok', seq: state.seq, writtenAt: state.writtenAt, binding: state.payload.account };
  } catch (error) {
    if (error instanceof StateCorruptError) return { kind: 'unreadable', reason: error.message };
    throw error;
  }
}

/** The current state in words, for plans and reports. */
export function describeCurrentState(current: CurrentState): string {
  switch (current.kind) {
    case 'none':
      return 'there is no state yet';
    case 'ok':
      return `seq ${current.seq}, written ${current.writtenAt}`;
    case 'unreadable':
      return `unreadable (${current.reason})`;
  }
}
