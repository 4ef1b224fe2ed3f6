import { execFile } from 'node:child_process';

/** A command's output, or why it could not run (missing binary, non-zero exit, timeout). */
export type CommandOutcome = { ok: true; stdout: string } | { ok: false; reason: string };

/** Runs a helper program (git, timedatectl); injectable so tests can stand in for a host without them. */
export type RunCommand = (command: string, args: readonly string[], cwd?: string) => Promise<CommandOutcome>;

/** Run a program without a shell, with a 5 s limit; never throws. */
export const runCommand: RunCommand = (command, args, cwd) =>
  new Promise((resolve) => {
    execFile(command, [...args], { timeout: 5_000, ...(cwd ? { cwd } : {}) }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT'
            ? `${command} is not installed`
            : (String(stderr).trim() || error.message).split('\n')[0]?.trim();
        resolve({ ok: false, reason: reason || `${command} failed` });
      } else resolve({ ok: true, stdout: String(stdout) });
    });
  });
