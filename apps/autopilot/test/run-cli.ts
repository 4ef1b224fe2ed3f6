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
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
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
  });
  return { exitCode, stdout, stderr };
}
