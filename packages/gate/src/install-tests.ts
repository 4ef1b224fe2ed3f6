import { z } from 'zod';
import type { InstallTests, TestResult } from './checklist-evidence.ts';
import { readOptionalJson } from './optional-file.ts';
import type { RunCommand } from './run-command.ts';

/** Where `npm test` records its result, relative to the installation. */
export const TEST_RESULT_PATH = '.dalio/test-result.json';

const testResultSchema = z.object({
  ok: z.boolean(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative().default(0),
  commit: z.string().min(1).nullable(),
  dirty: z.boolean().default(false),
  finishedAt: z.iso.datetime({ offset: true }),
});

/** The recorded `npm test` result, or null when none was recorded; an unreadable file throws with the fix. */
export async function readTestResult(path: string): Promise<TestResult | null> {
  const json = await readOptionalJson(path, 'run `npm test` to record the result again');
  if (json === null) return null;
  const parsed = testResultSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${path} is not a test result written by \`npm test\``);
  return parsed.data;
}

/** The recorded result and the commit the installation is at now (`git rev-parse HEAD`). */
export async function lookAtInstallTests(
  installRoot: string,
  resultPath: string,
  run: RunCommand,
): Promise<InstallTests> {
  const [result, head] = await Promise.all([
    readTestResult(resultPath),
    // Under systemd the service user does not own the checkout: name it safe for this one command.
    run('git', ['-c', `safe.directory=${installRoot}`, 'rev-parse', 'HEAD'], installRoot),
  ]);
  return {
    path: resultPath,
    result,
    installCommit: head.ok ? head.stdout.trim() : null,
    commitProblem: head.ok ? null : head.reason,
  };
}
