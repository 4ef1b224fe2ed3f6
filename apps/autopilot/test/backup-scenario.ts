import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ChildRun } from './child-processes.ts';
import { type E2eScenario, MONDAY_10AM, startScenario } from './e2e-scenario.ts';
import { type S3rverChild, startS3rverChild } from './s3rver-child.ts';

/** One alert as the file channel writes it. */
export interface SentAlert {
  key: string;
  kind: string;
  severity: string;
  title: string;
  action: string;
}

/** A paper user on the simulator child whose backups go to the default local directory and to s3rver. */
export interface BackedUpScenario {
  scenario: E2eScenario;
  s3: S3rverChild;
  /** `dalio` with the AWS credentials of s3rver in its environment. */
  dalio(args: string[]): Promise<ChildRun>;
  /** The local backups (the default: `backups-paper` beside the state directory). */
  localBackups: string;
  /** Every alert sent so far (a file channel). */
  alerts(): Promise<SentAlert[]>;
  /** Stop the scenario and s3rver (each only once). */
  stop(): Promise<void>;
}

/** Start s3rver and a scenario backed up to it, with a file alert channel. */
export async function startBackedUpScenario(): Promise<BackedUpScenario> {
  const s3 = await startS3rverChild();
  const alertFile = join(await mkdtemp(join(tmpdir(), 'dalio-alerts-')), 'alerts.jsonl');
  const scenario = await startScenario({
    at: MONDAY_10AM,
    configYaml: `backup:\n${s3.configYaml}\nnotifications:\n  channels:\n    - { kind: file, path: ${alertFile} }\n`,
  });
  return {
    scenario,
    s3,
    dalio: (args) => scenario.dalio(args, s3.env),
    localBackups: join(dirname(scenario.stateDir), 'backups-paper'),
    async alerts() {
      const text = await readFile(alertFile, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as SentAlert);
    },
    async stop() {
      await scenario.stop();
      await s3.stop();
    },
  };
}
