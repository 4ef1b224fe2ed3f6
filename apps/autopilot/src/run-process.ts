import { spawn } from 'node:child_process';

/** A finished child process: how it ended and everything it printed. */
export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run a program to completion with exactly `env` (as another user with `as`), capturing its output. */
export function runProcess(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  as: { uid: number; gid: number } | null = null,
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...(as ?? {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
