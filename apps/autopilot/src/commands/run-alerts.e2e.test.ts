import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStateStore } from '@dalio-lite/state';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver, startSmtpReceiver } from '../../test/alert-receivers.ts';
import { type ChildRun, runDalioChild, type SimChild, startSimChild } from '../../test/child-processes.ts';
import { MONDAY_10AM, startScenario } from '../../test/e2e-scenario.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface LogLine {
  time: string;
  event?: string;
  msg: string;
}

function logLines(stderr: string): LogLine[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

async function tradingScenario(hook: HttpReceiver, timeoutMs: number) {
  const scenario = await startScenario({
    at: MONDAY_10AM,
    configYaml: `notifications:\n  channels:\n    - { kind: webhook, url: "${hook.url}" }\n  timeoutMs: ${timeoutMs}\n`,
  });
  cleanups.push(() => scenario.stop());
  return scenario;
}

describe('alerts after `dalio run`', () => {
  it('a webhook that never answers delays the end of the run by at most notifications.timeoutMs; the cycle commits', async () => {
    const hook = await startHttpReceiver();
    cleanups.push(() => hook.close());
    hook.setMode({ kind: 'hang' });
    const scenario = await tradingScenario(hook, 1_500);
    const run = await scenario.dalio(['run', '--json', '--verbose']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.slice(run.stdout.indexOf('{')))).toMatchObject({
      outcome: 'committed',
      code: 'traded',
    });
    const state = await createStateStore({ stateDir: scenario.stateDir }).load();
    expect(state?.payload.days['2025-03-03']?.status).toBe('committed');
    expect(hook.bodies.length).toBeGreaterThanOrEqual(1);
    const lines = logLines(run.stderr);
    const finished = lines.find((line) => line.event === 'cycle.finished');
    const failed = lines.find((line) => line.event === 'alert.delivery_failed');
    expect(failed?.msg).toMatch(
      /^alert not delivered via webhook 127\.0\.0\.1:\d+: timed out after 1500 ms$/,
    );
    // The only wait after the committed cycle is the alert budget (generous slack for a loaded machine).
    expect(Date.parse(failed?.time ?? '') - Date.parse(finished?.time ?? '')).toBeLessThan(1_500 + 2_000);
  });

  it('a webhook answering 500 is retried with backoff, the failure is logged, and the cycle still commits', async () => {
    const hook = await startHttpReceiver();
    cleanups.push(() => hook.close());
    hook.setMode({ kind: 'status', status: 500 });
    const scenario = await tradingScenario(hook, 5_000);
    const run = await scenario.dalio(['run', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'committed' });
    // One "rebalanced" message: the first attempt and notifications.retries (2) more.
    expect(hook.bodies).toHaveLength(3);
    expect(run.stderr).toMatch(
      /alert not delivered via webhook 127\.0\.0\.1:\d+: 127\.0\.0\.1:\d+ answered HTTP 500/,
    );
    // A failed delivery is counted.
    const metrics = await scenario.dalio(['metrics']);
    expect(metrics.stdout).toContain('dalio_alert_deliveries_total{channel="webhook",result="failed"} 1');
  });
});

describe('secrets', () => {
  it('a full cycle with keys, a webhook, e-mail and a ping URL leaves no secret in output, logs, alerts or state', async () => {
    const secrets = {
      keyId: 'PKSCANKEYID7Q2W9E4R',
      secret: 'scan/secret+KEY=9x8y7z6w5v4u',
      webhookToken: 'WEBHOOKSECRETTOKEN123',
      pingToken: 'PINGSECRETUUID-0042',
      smtpPassword: 'SMTPPASSWORD-77',
    };
    const sim: SimChild = await startSimChild({ at: MONDAY_10AM });
    cleanups.push(() => sim.stop());
    const hook = await startHttpReceiver(`/hooks/T000/B000/${secrets.webhookToken}`);
    const ping = await startHttpReceiver(`/ping/${secrets.pingToken}`);
    const smtp = await startSmtpReceiver();
    cleanups.push(
      () => hook.close(),
      () => ping.close(),
      () => smtp.close(),
    );
    const dir = await mkdtemp(join(tmpdir(), 'dalio-secrets-'));
    const configPath = join(dir, 'dalio.yaml');
    await writeFile(
      configPath,
      [
        'notifications:',
        '  channels:',
        '    - kind: console',
        `    - { kind: webhook, url: "${hook.url}" }`,
        '    - { kind: email, to: ada@example.com }',
        `  successPingUrl: "${ping.url}"`,
        'logging:',
        `  file: ${join(dir, 'dalio.log')}`,
        '  level: debug',
        '',
      ].join('\n'),
    );
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      APCA_API_KEY_ID: secrets.keyId,
      APCA_API_SECRET_KEY: secrets.secret,
      DALIO_ALPACA_BASE_URL: sim.url,
      DALIO_STATE_DIR: join(dir, 'state'),
      DALIO_CONFIG: configPath,
      DALIO_SMTP_URL: `smtp://mailer:${secrets.smtpPassword}@127.0.0.1:${smtp.port}`,
    };
    // A failed account read first: its retry and error are logged too.
    await sim.admin('POST', '/faults', { route: 'GET /v2/account', fault: '5xx' });
    const runs: ChildRun[] = [];
    for (const args of [
      ['run', '--verbose', '--json'],
      ['status', '--json'],
      ['health', '--alert', '--json', '--verbose'],
      ['metrics'],
      ['alert', 'test'],
    ]) {
      runs.push(await runDalioChild(args, env));
    }
    // Everything ran and the channels were used: the scan below looks at real output.
    expect(JSON.parse(runs[0]?.stdout ?? '{}')).toMatchObject({ outcome: 'committed' });
    expect(await readFile(join(dir, 'dalio.log'), 'utf8')).toContain('"msg":"broker read retried"');
    expect(hook.bodies.length).toBeGreaterThanOrEqual(2);
    expect(ping.paths).toContain(`/ping/${secrets.pingToken}`);
    expect(smtp.mails.map((mail) => mail.auth?.password)).toContain(secrets.smtpPassword);

    const texts = [
      ...runs.flatMap((run) => [run.stdout, run.stderr]),
      ...hook.bodies,
      ...smtp.mails.flatMap((mail) => [mail.subject, mail.text]),
      ...(await readAllFiles(dir)),
    ];
    const forms = Object.values(secrets).flatMap((secret) => [
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
    ]);
    const leaks = forms.filter((form) => texts.some((text) => text.includes(form)));
    expect(leaks).toEqual([]);
  });
});

/** The text of every file under a directory (the state directory, the log, the config's folder). */
async function readAllFiles(dir: string): Promise<string[]> {
  const texts: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name === 'dalio.yaml') continue;
    texts.push(await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return texts;
}
