import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliError } from './cli-error.ts';

/** The `--dir` of a command that fills a directory of its own: a new or empty one, or else a new temporary one. */
export async function workDir(dir: string | undefined, cwd: string, tempPrefix: string): Promise<string> {
  if (!dir) return mkdtemp(join(tmpdir(), tempPrefix));
  const absolute = resolve(cwd, dir);
  await mkdir(absolute, { recursive: true });
  if ((await readdir(absolute)).length > 0)
    throw new CliError(`--dir ${dir}: not empty; give a new or empty directory`);
  return absolute;
}
