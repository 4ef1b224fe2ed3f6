import { readFile } from 'node:fs/promises';

/** A file's bytes, or null when it does not exist; any other failure (permissions, a directory) throws. */
export async function readOptionalFile(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** A JSON file's value, or null when it does not exist; text that is not JSON throws `<path> is not JSON; <fix>`. */
export async function readOptionalJson(path: string, fix: string): Promise<unknown> {
  const bytes = await readOptionalFile(path);
  if (bytes === null) return null;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new Error(`${path} is not JSON; ${fix}`);
  }
}
