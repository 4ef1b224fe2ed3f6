/**
 * The disk under the simulated file system: files and directories with a volatile view (what reads see, the
 * page cache) and a durable view (what survives a power cut). A file's bytes become durable at its fsync, a
 * directory's entries at the directory's fsync; older changes reach the disk on their own after a while (the
 * journal commits metadata every few seconds, the flusher writes data back within half a minute). A power cut
 * keeps what was durable, everything older than those windows, and a random prefix of the rest — the last
 * write of that prefix possibly torn or left as zeros (delayed allocation).
 */

/** A file: its bytes as reads see them, as the disk holds them, and the writes in between. */
export interface FileNode {
  kind: 'file';
  mode: number;
  data: Uint8Array;
  durable: Uint8Array;
  pending: PendingWrite[];
  /** The simulated process that created it (to find temp files a graceful exit left behind). */
  creator: number;
}

/** A write not yet on the disk: where, what, and when (simulated milliseconds). */
export interface PendingWrite {
  atMs: number;
  position: number;
  bytes: Uint8Array;
}

/** A directory: its entries as reads see them, as the disk holds them, and the changes in between. */
export interface DirNode {
  kind: 'dir';
  mode: number;
  entries: Map<string, DiskNode>;
  durable: Map<string, DiskNode>;
  log: EntryChange[];
}

/** One node of the tree. */
export type DiskNode = FileNode | DirNode;

/** One change to a directory's entries: a name now points at a node, or at nothing. */
export interface EntryChange {
  atMs: number;
  name: string;
  node: DiskNode | null;
}

/** How long changes may stay off the disk before the kernel writes them anyway (ext4 defaults). */
export const WRITEBACK = { metadataMs: 5_000, dataMs: 30_000 } as const;

/** A new empty file created by `creator`. */
export function newFile(mode: number, creator: number): FileNode {
  return { kind: 'file', mode, data: new Uint8Array(0), durable: new Uint8Array(0), pending: [], creator };
}

/** A new empty directory. */
export function newDir(mode: number): DirNode {
  return { kind: 'dir', mode, entries: new Map(), durable: new Map(), log: [] };
}

/** `bytes` written into `data` at `position` (growing it, zero-filling any gap). */
export function writeInto(data: Uint8Array, position: number, bytes: Uint8Array): Uint8Array {
  const size = Math.max(data.length, position + bytes.length);
  const next = new Uint8Array(size);
  next.set(data);
  next.set(bytes, position);
  return next;
}

/** Change a directory entry in the volatile view and log it for the disk. */
export function setEntry(dir: DirNode, name: string, node: DiskNode | null, atMs: number): void {
  if (node) dir.entries.set(name, node);
  else dir.entries.delete(name);
  dir.log.push({ atMs, name, node });
}

/** fsync of a file: every byte written so far is on the disk. */
export function syncFile(file: FileNode): void {
  file.durable = file.data;
  file.pending = [];
}

/** fsync of a directory: every entry change so far is on the disk. */
export function syncDir(dir: DirNode): void {
  dir.durable = new Map(dir.entries);
  dir.log = [];
}

/**
 * A power cut at `nowMs`: every directory and file keeps what reached the disk. `random` picks how much of
 * the recent, unsynced tail made it (and whether its last write is torn); the same draws give the same disk.
 */
export function losePower(root: DirNode, nowMs: number, random: () => number): void {
  const files = new Set<FileNode>();
  const dirs: DirNode[] = [];
  const visit = (node: DiskNode) => {
    if (node.kind === 'file') files.add(node);
    else if (!dirs.includes(node)) {
      dirs.push(node);
      for (const child of [...node.entries.values(), ...node.durable.values()]) visit(child);
      for (const change of node.log) if (change.node) visit(change.node);
    }
  };
  visit(root);
  for (const dir of dirs) {
    const kept = keptPrefix(dir.log, nowMs - WRITEBACK.metadataMs, random);
    const entries = new Map(dir.durable);
    for (const change of dir.log.slice(0, kept)) {
      if (change.node) entries.set(change.name, change.node);
      else entries.delete(change.name);
    }
    dir.entries = entries;
    syncDir(dir);
  }
  for (const file of files) {
    const kept = keptPrefix(file.pending, nowMs - WRITEBACK.dataMs, random);
    let data = file.durable;
    for (const write of file.pending.slice(0, kept)) data = writeInto(data, write.position, write.bytes);
    const torn = file.pending[kept];
    if (torn && random() < 0.5) {
      // The size reached the disk, the bytes only partly: a prefix of the write, the rest zeros.
      const written = Math.floor(random() * torn.bytes.length);
      const bytes = new Uint8Array(torn.bytes.length);
      bytes.set(torn.bytes.subarray(0, written));
      data = writeInto(data, torn.position, bytes);
    }
    file.data = data;
    syncFile(file);
  }
}

/** How many of the oldest changes survive: all those older than `safeBeforeMs`, then a random number more. */
function keptPrefix(
  changes: readonly { atMs: number }[],
  safeBeforeMs: number,
  random: () => number,
): number {
  let safe = 0;
  while (safe < changes.length && (changes[safe]?.atMs ?? 0) < safeBeforeMs) safe += 1;
  return safe + Math.floor(random() * (changes.length - safe + 1));
}
