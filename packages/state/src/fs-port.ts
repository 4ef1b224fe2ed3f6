import * as fsp from 'node:fs/promises';

/** The part of an open file the store uses; `write` may write fewer bytes than asked, `read` read fewer. */
export interface FsFileHandle {
  write(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<{ bytesWritten: number }>;
  /** Read up to `length` bytes at `position`; fewer (down to 0) at the end of the file. */
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  /** The size of the open file (this file, even if its path has been renamed over since it was opened). */
  stat(): Promise<{ size: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file-system calls the store makes, injectable so tests can add ENOSPC, short writes and EIO. */
export interface Fs {
  open(path: string, flags: string, mode?: number): Promise<FsFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readFile(path: string): Promise<Buffer>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string, options: { recursive: boolean; mode: number }): Promise<unknown>;
  chmod(path: string, mode: number): Promise<void>;
  lstat(path: string): Promise<{ mode: number; size: number; isDirectory(): boolean; isFile(): boolean }>;
}

/** The real file system (`node:fs/promises`). */
export const nodeFs: Fs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  readFile: (path) => fsp.readFile(path),
  readdir: (path) => fsp.readdir(path),
  mkdir: (path, options) => fsp.mkdir(path, options),
  chmod: (path, mode) => fsp.chmod(path, mode),
  lstat: (path) => fsp.lstat(path),
};
