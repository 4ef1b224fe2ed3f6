import { basename, dirname, resolve } from 'node:path';
import type { Fs, FsFileHandle } from '@dalio-lite/state';
import {
  type DirNode,
  type DiskNode,
  type FileNode,
  losePower,
  newDir,
  newFile,
  setEntry,
  syncDir,
  syncFile,
  writeInto,
} from './sim-disk.ts';

/**
 * Faults the simulated file system injects into one operation: `enospc` fills the disk (the write comes up
 * short, the next one fails, until space is freed), `short-write` writes fewer bytes than asked, `eio-write`
 * and `eio-fsync` fail a write or an fsync, `eio-read` fails a read.
 */
export type FsFaultKind = 'enospc' | 'short-write' | 'eio-write' | 'eio-fsync' | 'eio-read';

/** Every file-system fault kind. */
export const FS_FAULT_KINDS: readonly FsFaultKind[] = [
  'enospc',
  'short-write',
  'eio-write',
  'eio-fsync',
  'eio-read',
];

/** A simulated process as the file system sees it: who it is and whether it still runs. */
export interface FsProcess {
  readonly id: number;
  isAlive(): boolean;
}

/** The simulated file system: the state package's `Fs` port per process, with faults and power cuts. */
export interface SimFileSystem {
  /** The port as one process sees it; once the process is dead its calls never return (it is gone). */
  portFor(process: FsProcess): Fs;
  /** Inject `kind` into the `nth` next operation it applies to (writes, fsyncs or reads). */
  injectFault(kind: FsFaultKind, nth?: number): void;
  /** Forget injected faults and free the disk. */
  clearFaults(): void;
  /** A power cut now: unsynced changes are lost or torn (see `sim-disk.ts`). */
  losePower(): void;
  /** Create a directory straight on the disk (installed long ago, durable). */
  install(path: string): void;
  /** The bytes of a file as reads see them, or null. An outside look: no fault, not an operation. */
  peek(path: string): Uint8Array | null;
  /** Replace a file's bytes straight on the disk (damage, or putting a backup back). */
  poke(path: string, bytes: Uint8Array): void;
  /** Remove a file straight from the disk. */
  remove(path: string): void;
  /** The names in a directory as reads see them. */
  list(path: string): string[];
  /** Files still in `dir` that `processId` created and whose names mark them temporary. */
  tempFilesBy(dir: string, processId: number): string[];
}

function fsError(code: string, syscall: string, path: string): Error {
  // Errors like ENOENT are routine here (a missing quarantine record): skip the costly stack trace.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const error = new Error(`${code}: simulated, ${syscall} '${path}'`);
  Error.stackTraceLimit = limit;
  return Object.assign(error, { code, syscall, path });
}

const never = <T>(): Promise<T> => new Promise<T>(() => {});
const TEMP_NAME = /^\..+\.tmp$/;

/** Create the simulated file system; `now` stamps changes (simulated ms), `random` decides what a power cut keeps. */
export function createSimFileSystem(options: { now: () => number; random: () => number }): SimFileSystem {
  const { now, random } = options;
  const root = newDir(0o755);
  const faults = new Map<FsFaultKind, number[]>();
  let freeBytes: number | null = null;

  const take = (kinds: readonly FsFaultKind[]): FsFaultKind | null => {
    let fired: FsFaultKind | null = null;
    for (const kind of kinds) {
      const countdowns = faults.get(kind);
      if (!countdowns) continue;
      const next = countdowns.map((n) => n - 1);
      const hit = next.indexOf(0);
      if (hit >= 0 && fired === null) {
        fired = kind;
        next.splice(hit, 1);
      }
      faults.set(
        kind,
        next.filter((n) => n > 0),
      );
    }
    return fired;
  };

  const parts = (path: string) => resolve(path).split('/').filter(Boolean);
  const lookup = (path: string): DiskNode | null => {
    let node: DiskNode = root;
    for (const part of parts(path)) {
      if (node.kind !== 'dir') return null;
      const child: DiskNode | undefined = node.entries.get(part);
      if (!child) return null;
      node = child;
    }
    return node;
  };
  const parentOf = (path: string, syscall: string): DirNode => {
    const parent = lookup(dirname(resolve(path)));
    if (!parent) throw fsError('ENOENT', syscall, path);
    if (parent.kind !== 'dir') throw fsError('ENOTDIR', syscall, path);
    return parent;
  };
  const fileAt = (path: string, syscall: string): FileNode => {
    const node = lookup(path);
    if (!node) throw fsError('ENOENT', syscall, path);
    if (node.kind !== 'file') throw fsError('EISDIR', syscall, path);
    return node;
  };
  const free = (node: DiskNode | undefined) => {
    if (freeBytes !== null && node?.kind === 'file') freeBytes += node.data.length;
  };

  const openHandle = (node: DiskNode, path: string, flags: string): FsFileHandle => {
    let closed = false;
    let appendAt = flags.startsWith('a') && node.kind === 'file' ? node.data.length : 0;
    const check = (syscall: string) => {
      if (closed) throw fsError('EBADF', syscall, path);
    };
    return {
      async write(buffer, offset, length, position) {
        check('write');
        if (node.kind !== 'file' || flags === 'r') throw fsError('EBADF', 'write', path);
        const fault = take(['eio-write', 'short-write', 'enospc']);
        if (fault === 'eio-write') throw fsError('EIO', 'write', path);
        if (fault === 'enospc') freeBytes = Math.floor(random() * length);
        let count = length;
        if (fault === 'short-write' && length > 1) count = 1 + Math.floor(random() * (length - 1));
        const at = position ?? appendAt;
        const growth = Math.max(0, at + count - node.data.length);
        if (freeBytes !== null && growth > freeBytes) {
          count = Math.max(0, count - (growth - freeBytes));
          if (count === 0) throw fsError('ENOSPC', 'write', path);
        }
        const bytes = buffer.slice(offset, offset + count);
        const grown = Math.max(0, at + count - node.data.length);
        node.data = writeInto(node.data, at, bytes);
        node.pending.push({ atMs: now(), position: at, bytes });
        if (freeBytes !== null) freeBytes -= grown;
        if (position === null) appendAt = at + count;
        return { bytesWritten: count };
      },
      async read(buffer, offset, length, position) {
        check('read');
        if (node.kind !== 'file') throw fsError('EISDIR', 'read', path);
        if (take(['eio-read'])) throw fsError('EIO', 'read', path);
        const bytes = node.data.subarray(position, position + length);
        buffer.set(bytes, offset);
        return { bytesRead: bytes.length };
      },
      async stat() {
        check('fstat');
        return { size: node.kind === 'file' ? node.data.length : 4096 };
      },
      async sync() {
        check('fsync');
        if (take(['eio-fsync'])) throw fsError('EIO', 'fsync', path);
        if (node.kind === 'file') syncFile(node);
        else syncDir(node);
      },
      async close() {
        check('close');
        closed = true;
      },
    };
  };

  const fs: Omit<Fs, 'open'> & {
    open(path: string, flags: string, mode: number | undefined, by: number): FsFileHandle;
  } = {
    open(path, flags, mode, by) {
      const existing = lookup(path);
      if (flags === 'r') {
        if (!existing) throw fsError('ENOENT', 'open', path);
        return openHandle(existing, path, flags);
      }
      if (existing?.kind === 'dir') throw fsError('EISDIR', 'open', path);
      if (flags === 'wx' && existing) throw fsError('EEXIST', 'open', path);
      if (existing && flags.startsWith('a')) return openHandle(existing, path, flags);
      if (existing && flags === 'w') {
        existing.data = new Uint8Array(0);
        existing.pending.push({ atMs: now(), position: 0, bytes: new Uint8Array(0) });
        return openHandle(existing, path, flags);
      }
      const parent = parentOf(path, 'open');
      const file = newFile(mode ?? 0o666, by);
      setEntry(parent, basename(resolve(path)), file, now());
      return openHandle(file, path, flags);
    },
    async rename(from, to) {
      const node = lookup(from);
      if (!node) throw fsError('ENOENT', 'rename', from);
      const source = parentOf(from, 'rename');
      const target = parentOf(to, 'rename');
      const replaced = target.entries.get(basename(resolve(to)));
      if (replaced === node) return;
      if (replaced?.kind === 'dir' && replaced.entries.size > 0) throw fsError('ENOTEMPTY', 'rename', to);
      setEntry(source, basename(resolve(from)), null, now());
      setEntry(target, basename(resolve(to)), node, now());
      free(replaced);
    },
    async unlink(path) {
      const node = fileAt(path, 'unlink');
      setEntry(parentOf(path, 'unlink'), basename(resolve(path)), null, now());
      free(node);
    },
    async readFile(path) {
      const file = fileAt(path, 'open');
      if (take(['eio-read'])) throw fsError('EIO', 'read', path);
      return Buffer.from(file.data);
    },
    async readdir(path) {
      const node = lookup(path);
      if (!node) throw fsError('ENOENT', 'scandir', path);
      if (node.kind !== 'dir') throw fsError('ENOTDIR', 'scandir', path);
      return [...node.entries.keys()].sort();
    },
    async mkdir(path, { recursive, mode }) {
      let node: DirNode = root;
      const names = parts(path);
      for (const [index, name] of names.entries()) {
        const child = node.entries.get(name);
        if (child?.kind === 'file') throw fsError('ENOTDIR', 'mkdir', path);
        if (child && index === names.length - 1 && !recursive) throw fsError('EEXIST', 'mkdir', path);
        if (child) {
          node = child;
          continue;
        }
        if (!recursive && index < names.length - 1) throw fsError('ENOENT', 'mkdir', path);
        const made = newDir(mode);
        setEntry(node, name, made, now());
        node = made;
      }
      return undefined;
    },
    async chmod(path, mode) {
      const node = lookup(path);
      if (!node) throw fsError('ENOENT', 'chmod', path);
      node.mode = mode;
    },
    async lstat(path) {
      const node = lookup(path);
      if (!node) throw fsError('ENOENT', 'lstat', path);
      const type = node.kind === 'dir' ? 0o040000 : 0o100000;
      return {
        mode: type | node.mode,
        size: node.kind === 'file' ? node.data.length : 4096,
        isDirectory: () => node.kind === 'dir',
        isFile: () => node.kind === 'file',
      };
    },
  };

  return {
    portFor(process) {
      const alive = <T>(run: () => Promise<T>): Promise<T> => (process.isAlive() ? run() : never());
      const fenced = (handle: FsFileHandle): FsFileHandle => ({
        write: (...args) => alive(() => handle.write(...args)),
        read: (...args) => alive(() => handle.read(...args)),
        stat: () => alive(() => handle.stat()),
        sync: () => alive(() => handle.sync()),
        close: () => alive(() => handle.close()),
      });
      return {
        open: (path, flags, mode) => alive(async () => fenced(fs.open(path, flags, mode, process.id))),
        rename: (from, to) => alive(() => fs.rename(from, to)),
        unlink: (path) => alive(() => fs.unlink(path)),
        readFile: (path) => alive(() => fs.readFile(path)),
        readdir: (path) => alive(() => fs.readdir(path)),
        mkdir: (path, mkdirOptions) => alive(() => fs.mkdir(path, mkdirOptions)),
        chmod: (path, mode) => alive(() => fs.chmod(path, mode)),
        lstat: (path) => alive(() => fs.lstat(path)),
      };
    },
    injectFault(kind, nth = 1) {
      faults.set(kind, [...(faults.get(kind) ?? []), Math.max(1, Math.floor(nth))]);
    },
    clearFaults() {
      faults.clear();
      freeBytes = null;
    },
    losePower: () => losePower(root, now(), random),
    install(path) {
      let node: DirNode = root;
      for (const name of parts(path)) {
        const child = node.entries.get(name);
        if (child?.kind === 'dir') {
          node = child;
          continue;
        }
        const made = newDir(0o700);
        node.entries.set(name, made);
        node.durable.set(name, made);
        node = made;
      }
    },
    peek(path) {
      const node = lookup(path);
      return node?.kind === 'file' ? node.data : null;
    },
    poke(path, bytes) {
      const parent = lookup(dirname(resolve(path)));
      if (parent?.kind !== 'dir') throw fsError('ENOENT', 'poke', path);
      const name = basename(resolve(path));
      const existing = parent.entries.get(name);
      const file = existing?.kind === 'file' ? existing : newFile(0o600, 0);
      file.data = bytes;
      syncFile(file);
      parent.entries.set(name, file);
      parent.durable.set(name, file);
      parent.log = parent.log.filter((change) => change.name !== name);
    },
    remove(path) {
      const parent = lookup(dirname(resolve(path)));
      if (parent?.kind !== 'dir') return;
      const name = basename(resolve(path));
      parent.entries.delete(name);
      parent.durable.delete(name);
      parent.log = parent.log.filter((change) => change.name !== name);
    },
    list(path) {
      const node = lookup(path);
      return node?.kind === 'dir' ? [...node.entries.keys()].sort() : [];
    },
    tempFilesBy(dir, processId) {
      const node = lookup(dir);
      if (node?.kind !== 'dir') return [];
      return [...node.entries]
        .filter(
          ([name, child]) => TEMP_NAME.test(name) && child.kind === 'file' && child.creator === processId,
        )
        .map(([name]) => name);
    },
  };
}
