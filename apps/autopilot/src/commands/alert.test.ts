import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpReceiver, startSmtpReceiver } from '../../test/alert-receivers.ts';
import { runDalio } from '../../test/run-cli.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('dalio alert test', () => {
  it('sends one test message to every channel and reports each result (exit 1 when one failed)', async () => {
    const slack = await startHttpReceiver('/services/T000/B000/slack-secret');
    const broken = await startHttpReceiver('/broken-secret');
    broken.setMode({ kind: 'status', status: 404 });
    const smtp = await startSmtpReceiver();
    cleanups.push(
      () => slack.close(),
      () => broken.close(),
      () => smtp.close(),
    );
    const dir = await mkdtemp(join(tmpdir(), 'dalio-alert-test-'));
    await writeFile(
      join(dir, 'dalio.yaml'),
      [
        'broker: { kind: simulator }',
        'notifications:',
        '  channels:',
        `    - { kind: webhook, url: "${slack.url}", preset: slack }`,
        `    - { kind: webhook, url: "${broken.url}" }`,
        '    - { kind: email, to: ada@example.com }',
        '    - { kind: file, path: alerts.jsonl }',
        '',
      ].join('\n'),
    );
    const env = {
      HOME: dir,
      DALIO_CONFIG: join(dir, 'dalio.yaml'),
      DALIO_STATE_DIR: join(dir, 'state'),
      DALIO_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    };
    const run = await runDalio(['alert', 'test'], { env, cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^sent {4}webhook 127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^FAILED {2}webhook 127\.0\.0\.1:\d+: 127\.0\.0\.1:\d+ answered HTTP 404$/),
      'sent    email to ada@example.com',
      `sent    file ${join(dir, 'alerts.jsonl')}`,
    ]);
    expect(JSON.parse(slack.bodies[0] ?? '{}').text).toMatch(
      /^\[Dalio Lite paper\] INFO: Test message from `dalio alert test`/,
    );
    expect(smtp.mails[0]?.subject).toBe('[Dalio Lite paper] INFO: Test message from `dalio alert test`');
    expect(JSON.parse(await readFile(join(dir, 'alerts.jsonl'), 'utf8'))).toMatchObject({ kind: 'test' });
    expect(run.stdout).not.toContain('secret');

    const json = await runDalio(['alert', 'test', '--json'], { env, cwd: dir });
    expect(JSON.parse(json.stdout).deliveries.map((d: { ok: boolean }) => d.ok)).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });
});
