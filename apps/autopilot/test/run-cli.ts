import { runCli } from '../src/program.ts';

/** The outcome of one in-process `dalio` run. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Run `dalio <args>` in process with captured output and a clean environment (no user config, no keys). */
export async function runDalio(
  args: readonly string[],
  options: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    /** Answers a question the command asks the person at the terminal (a typed confirmation). */
    prompt?: (question: string) => Promise<string | null>;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(args, {
    output: {
      stdout: (text) => (stdout += text.endsWith('\n') ? text : `${text}\n`),
      stderr: (text) => (stderr += text.endsWith('\n') ? text : `${text}\n`),
    },
    env: options.env ?? { HOME: '/nonexistent-home' },
    cwd: options.cwd ?? '/',
    ...(options.prompt ? { prompt: options.prompt } : {}),
  });
  return { exitCode, stdout, stderr };
}
