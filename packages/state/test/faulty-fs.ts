import { type Fs, type FsFileHandle, nodeFs } from '../src/fs-port.ts';

/** Faults the shim injects into the real file system. */
export interface FaultPlan {
  /** Each write call writes at most this many bytes (a short write, no error). */
  maxBytesPerWrite?: number;
  /** Bytes the shim's writes may occupy before the disk is "full" (a short write, then ENOSPC); unlink frees them. */
  capacityBytes?: number;
  /** fsync of a file (not a directory) fails with EIO. */
  eioOnFileSync?: boolean;
  /** fsync of a directory fails with EIO. */
  eioOnDirSync?: boolean;
  /** rename fails with EIO. */
  eioOnRename?: boolean;
  /** Every write reports 0 bytes written without an error. */
  zeroWrites?: boolean;
}

/** What the shim saw, for assertions. */
export interface FaultLog {
  writeCalls: number;
  bytesWritten: number;
  /** Bytes written through the shim and not yet freed by unlink or by a rename replacing a file. */
  usedBytes: number;
}

function errno(code: string, syscall: string): Error {
  return Object.assign(new Error(`${code}: injected fault, ${syscall}`), { code, syscall });
}

/** A file-system shim over the real one that injects ENOSPC, short writes and EIO on fsync. */
export function createFaultyFs(plan: FaultPlan, base: Fs = nodeFs): { fs: Fs; log: FaultLog } {
  const log: FaultLog = { writeCalls: 0, bytesWritten: 0, usedBytes: 0 };
  const free = async (path: string): Promise<void> => {
    const size = await base.lstat(path).then(
      (stat) => stat.size,
      () => 0,
    );
    log.usedBytes = Math.max(0, log.usedBytes - size);
  };
  const wrap = (inner: FsFileHandle, isDir: boolean): FsFileHandle => ({
    async write(buffer, offset, length, position) {
      log.writeCalls += 1;
      if (plan.zeroWrites) return { bytesWritten: 0 };
      let allowed = Math.min(length, plan.maxBytesPerWrite ?? length);
      if (plan.capacityBytes !== undefined) {
        const left = plan.capacityBytes - log.usedBytes;
        if (left <= 0) throw errno('ENOSPC', 'write');
        allowed = Math.min(allowed, left);
      }
      const result = await inner.write(buffer, offset, allowed, position);
      log.bytesWritten += result.bytesWritten;
      log.usedBytes += result.bytesWritten;
      return result;
    },
    async sync() {
      if (isDir ? plan.eioOnDirSync : plan.eioOnFileSync) throw errno('EIO', 'fsync');
      await inner.sync();
    },
    read: (buffer, offset, length, position) => inner.read(buffer, offset, length, position),
    stat: () => inner.stat(),
    close: () => inner.close(),
  });
  const fs: Fs = {
    ...base,
    async open(path, flags, mode) {
      const handle = await base.open(path, flags, mode);
      const isDir = (await base.lstat(path)).isDirectory();
      return wrap(handle, isDir);
    },
    async rename(from, to) {
      if (plan.eioOnRename) throw errno('EIO', 'rename');
      await free(to);
      await base.rename(from, to);
    },
    async unlink(path) {
      await free(path);
      await base.unlink(path);
    },
  };
  return { fs, log };
}
