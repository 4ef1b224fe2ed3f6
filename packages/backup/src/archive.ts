import type { ReadEntry } from 'tar';
import { BackupError } from './errors.ts';

/** tar, loaded when an archive is packed or read: importing the backup package (every command) stays cheap. */
const loadTar = () => import('tar');

/** Pack `names` (files directly inside `dir`) into one gzip-compressed tar archive, in memory. */
export async function packArchive(dir: string, names: readonly string[]): Promise<Buffer> {
  const { create } = await loadTar();
  // portable: no owner, group or host-specific fields, so an archive restores the same on any machine.
  const pack = create({ gzip: true, cwd: dir, portable: true }, [...names]);
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * Every entry of an archive, by name, read in memory (the state is small). Anything but plain files directly
 * at the top (directories, links, paths) is refused, as are gzip and tar errors: `BackupError`
 * (`unreadable-archive`) whose message is the reason alone, for the caller to put in context.
 */
export async function readArchive(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const { Parser } = await loadTar();
  const unreadable = (reason: string, cause?: unknown) =>
    new BackupError('unreadable-archive', reason, { cause });
  return new Promise((resolve, reject) => {
    const files = new Map<string, Buffer>();
    let refused: BackupError | null = null;
    const parser = new Parser({
      strict: true,
      onReadEntry(entry: ReadEntry) {
        if (entry.type !== 'File' || entry.path.includes('/') || entry.path.startsWith('.')) {
          refused ??= unreadable(`it holds ${entry.type} "${entry.path}", not a plain top-level file`);
          entry.resume();
          return;
        }
        if (files.has(entry.path)) refused ??= unreadable(`it holds "${entry.path}" twice`);
        const parts: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => parts.push(chunk));
        entry.on('end', () => files.set(entry.path, Buffer.concat(parts)));
      },
    });
    parser.on('error', (error: Error) => reject(unreadable(error.message, error)));
    parser.on('end', () => (refused ? reject(refused) : resolve(files)));
    parser.end(Buffer.from(bytes));
  });
}
