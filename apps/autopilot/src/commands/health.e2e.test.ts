import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createModelPriceFeed,
  createSimClock,
  createSimulator,
  startSimulatorServer,
} from '@dalio-lite/broker';
import { createStateStore } from '@dalio-lite/state';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../../test/alert-receivers.ts';
import { runDalioChild } from '../../test/child-processes.ts';
import { type E2eScenario, MONDAY_10AM, startScenario } from '../../test/e2e-scenario.ts';

interface Report {
  status: string;
  checks: { name: string; status: string; reason: string; fix: string | null }[];
}
interface Sent {
  key: string;
  kind: string;
  severity: string;
  title: string;
}

const checkOf = (report: Report, name: string) => report.checks.find((check) => check.name === name);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function monitoredScenario(): Promise<{
  scenario: E2eScenario;
  hook: HttpReceiver;
  smtp: SmtpReceiver;
}> {
  const hook = await startHttpReceiver();
  const smtp = await startSmtpReceiver();
  cleanups.push(
    () => hook.close(),
    () => smtp.close(),
  );
  const scenario = await startScenario({
    at: MONDAY_10AM,
    configYaml: [
      'notifications:',
      '  channels:',
      `    - { kind: webhook, url: "${hook.url}" }`,
      '    - { kind: email, to: ada@example.com, from: dalio@example.com }',
      // No backups, so a corrupt state stays refused (with backups a cycle restores it: backup-recovery.e2e.test.ts).
      'backup:',
      '  auto: false',
      '',
    ].join('\n'),
  });
  cleanups.push(() => scenario.stop());
  scenario.env.DALIO_SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
  return { scenario, hook, smtp };
}

describe('dalio health (real processes, the simulator through the official SDK)', () => {
  it('stopped cycles: heartbeat critical, the dead-man alert reaches a webhook and an SMTP server once, and resolves', async () => {
    const { scenario, hook, smtp } = await monitoredScenario();
    expect((await scenario.dalio(['run'])).code).toBe(0);
    const healthy = await scenario.dalio(['health', '--json']);
    expect(healthy.code).toBe(0);
    expect(checkOf(JSON.parse(healthy.stdout), 'heartbeat')?.status).toBe('ok');

    // No cycle runs on Tuesday: by 13:00 New York the 10:00 cycle is more than the 120 min grace late.
    await scenario.setClock('2025-03-04T13:00:00-05:00');
    const dead = await scenario.dalio(['health', '--alert', '--json']);
    expect(dead.code).toBe(2);
    const report = JSON.parse(dead.stdout) as Report;
    expect(report.status).toBe('critical');
    expect(checkOf(report, 'heartbeat')).toMatchObject({
      status: 'critical',
      reason: expect.stringContaining('the cycle due on 2025-03-04 at 10:00 ET had not succeeded'),
    });
    const deadMan = hook.json<Sent>().filter((sent) => sent.kind === 'dead-man');
    expect(deadMan).toEqual([
      expect.objectContaining({
        key: 'check:heartbeat',
        severity: 'critical',
        title: expect.stringMatching(/^Dead-man switch: no successful cycle since/),
      }),
    ]);
    const mail = smtp.mails.find((m) => m.subject.includes('Dead-man switch'));
    expect(mail?.to).toEqual(['ada@example.com']);
    expect(mail?.subject).toMatch(
      /^\[Dalio Lite paper\] CRITICAL: Dead-man switch: no successful cycle since .* \(trading day 2025-03-03\)/,
    );
    expect(mail?.text).toContain('What it means for your money: Nothing is watching the portfolio');
    expect(mail?.text).toContain(
      'What to do next: check that the scheduler runs: `systemctl status dalio-daemon`',
    );

    // The next timer run repeats nothing within the re-notify interval.
    expect((await scenario.dalio(['health', '--alert'])).code).toBe(2);
    expect(hook.json<Sent>().filter((sent) => sent.kind === 'dead-man')).toHaveLength(1);

    // A successful cycle, then the check is back to ok: one "resolved" message.
    expect((await scenario.dalio(['run'])).code).toBe(0);
    const back = await scenario.dalio(['health', '--alert', '--json']);
    expect(checkOf(JSON.parse(back.stdout), 'heartbeat')?.status).toBe('ok');
    expect(
      hook
        .json<Sent>()
        .filter((sent) => sent.key === 'check:heartbeat')
        .map((sent) => sent.kind),
    ).toEqual(['dead-man', 'resolved']);
  });

  it('a corrupt state: integrity critical and an alert from the health check, and the cycle refuses with an alert', async () => {
    const { scenario, hook } = await monitoredScenario();
    expect((await scenario.dalio(['run'])).code).toBe(0);
    await writeFile(
      join(scenario.stateDir, 'state.json'),
      '{"schemaVersion": 3, "seq": 7, "payload": {"days"',
    );
    const health = await scenario.dalio(['health', '--alert', '--json']);
    expect(health.code).toBe(2);
    expect(checkOf(JSON.parse(health.stdout), 'state')).toMatchObject({
      status: 'critical',
      fix: expect.stringContaining('dalio state accept-restored'),
    });
    expect(hook.json<Sent>()).toContainEqual(
      expect.objectContaining({ key: 'check:state', kind: 'state-corrupt', severity: 'critical' }),
    );

    const run = await scenario.dalio(['run', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'refused', code: 'state-unreadable' });
    expect(hook.json<Sent>()).toContainEqual(
      expect.objectContaining({ key: 'cycle', kind: 'state-corrupt', severity: 'critical' }),
    );
    await expect(createStateStore({ stateDir: scenario.stateDir }).load()).rejects.toThrow();
  });

  it('a dead broker: connectivity critical with the reason, exit 2', async () => {
    const { scenario } = await monitoredScenario();
    const health = await scenario.dalio(['health', '--json'], {
      DALIO_ALPACA_BASE_URL: 'http://127.0.0.1:9',
    });
    expect(health.code).toBe(2);
    const report = JSON.parse(health.stdout) as Report;
    expect(checkOf(report, 'broker')).toMatchObject({
      status: 'critical',
      reason: expect.stringMatching(/^the broker could not be reached: get account: broker unavailable/),
    });
    // Checks that need the broker say why they could not run: never ok.
    expect(checkOf(report, 'heartbeat')).toMatchObject({
      status: 'critical',
      reason: expect.stringContaining('could not be reached'),
    });
    // Without --json, a person reads one line per check and the fix.
    const text = await scenario.dalio(['health'], { DALIO_ALPACA_BASE_URL: 'http://127.0.0.1:9' });
    expect(text.stdout).toMatch(/^ {2}CRITICAL {2}broker {9}the broker could not be reached/m);
    expect(text.stdout).toMatch(/fix: check the network/);
  });

  it('keys the broker rejects (401): critical, naming the keys without showing them', async () => {
    const simulator = createSimulator({
      clock: createSimClock({ mode: { kind: 'fixed', at: MONDAY_10AM } }),
      prices: createModelPriceFeed({
        seed: 1,
        symbols: ['VTI', 'TLT', 'GLD', 'DBC'],
        from: '2024-01-02',
        to: '2026-12-31',
      }),
      initialCashUsd: 100_000,
      seed: 1,
    });
    const server = await startSimulatorServer({
      simulator,
      keys: { 'PK-VALID-KEY-ID': 'valid-secret-0000' },
    });
    cleanups.push(() => server.close());
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-keys-'));
    const env = {
      PATH: process.env.PATH,
      HOME: stateDir,
      APCA_API_KEY_ID: 'PK-REVOKED-KEY-ID-123',
      APCA_API_SECRET_KEY: 'revoked-secret-value-456',
      DALIO_ALPACA_BASE_URL: server.url,
      DALIO_STATE_DIR: stateDir,
    };
    const health = await runDalioChild(['health', '--json'], env);
    expect(health.code).toBe(2);
    expect(checkOf(JSON.parse(health.stdout), 'broker')).toMatchObject({
      status: 'critical',
      reason: expect.stringMatching(
        /^the broker rejected the API keys \(HTTP 401: .*\): APCA_API_KEY_ID and APCA_API_SECRET_KEY are not accepted$/,
      ),
      fix: expect.stringContaining('create a new key pair'),
    });
    for (const secret of [env.APCA_API_KEY_ID, env.APCA_API_SECRET_KEY]) {
      expect(health.stdout + health.stderr).not.toContain(secret);
    }
  });
});
