import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LiveFixture, PAPER_KEY, startLiveFixture } from '../../test/live-fixture.ts';

const fixtures: LiveFixture[] = [];
afterEach(async () => {
  for (const fixture of fixtures.splice(0)) await fixture.stop();
});

/** A live install whose simulator runs on this machine's clock, so the checklist's clock item can pass. */
async function fixture(): Promise<LiveFixture> {
  const started = await startLiveFixture({ clock: { kind: 'real-time' }, s3: true });
  fixtures.push(started);
  return started;
}

/** The live decision as `dalio live status --json` shows it. */
async function liveStatus(live: LiveFixture) {
  const run = await live.dalio(['live', 'status', '--json']);
  return JSON.parse(run.stdout) as { mode: string; current: Record<string, unknown> | null; log: unknown[] };
}

describe('dalio live enable refuses without each key of the live switch', () => {
  it('without mode: live in the config file: refused before anything is asked, nothing recorded', async () => {
    const live = await fixture();
    const run = await live.dalio(['live', 'enable', '--tier', '1', '--confirm-account', 'X'], {
      env: { ...live.env, DALIO_CONFIG: live.paperEnv.DALIO_CONFIG, APCA_API_KEY_ID: PAPER_KEY },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      `dalio: ${join(live.root, 'paper.yaml')} sets mode: paper; live trading needs mode: live in dalio.yaml and the live key pair (AK…) in the secrets file\n`,
    );
    expect((await liveStatus(live)).current).toBeNull();
  });

  it('without live keys: no keys at all, or paper keys (PK…) against the live host', async () => {
    const live = await fixture();
    const {
      APCA_API_KEY_ID: _id,
      APCA_API_SECRET_KEY: _secret,
      DALIO_ALPACA_BASE_URL: _url,
      ...noKeys
    } = live.env;
    const none = await live.dalio(['live', 'enable', '--tier', '1'], { env: noKeys });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/^dalio: .*mode: live needs Alpaca API keys but none are set/);

    const paperKeys = await live.dalio(['live', 'enable', '--tier', '1'], {
      env: { ...live.env, APCA_API_KEY_ID: PAPER_KEY },
    });
    expect(paperKeys.exitCode).toBe(2);
    expect(paperKeys.stderr).toBe(
      `dalio: APCA_API_KEY_ID is a paper key (PK…) but mode is live (${live.simUrl}); put the live key pair (AK…) in the secrets file, or set mode: paper\n`,
    );
    expect((await liveStatus(live)).current).toBeNull();
  });

  it('without a GO checklist: refused with each failing item and its fix, nothing recorded', async () => {
    const live = await fixture();
    const run = await live.dalio([
      'live',
      'enable',
      '--tier',
      '1',
      '--confirm-account',
      await live.accountNumber(),
    ]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      /^dalio: the checklist is NO-GO \(\d+\/21\): tests: no test result is recorded at /,
    );
    expect(run.stderr).toContain('soak: no soak report at');
    expect(run.stderr).toContain('(fix: run `dalio soak --days 30 --json >');
    expect((await liveStatus(live)).current).toBeNull();
  });

  it('without the typed account number (or with a wrong one) on a GO checklist; typed right, it records who, when and the tier', async () => {
    const live = await fixture();
    await live.writeEvidence();
    await live.signOffAndTestAlerts();
    const checklist = await live.dalio(['checklist', '--json']);
    const report = JSON.parse(checklist.stdout) as {
      verdict: string;
      failing: { id: string; detail: string }[];
    };
    expect(report.failing).toEqual([]);
    expect(report.verdict).toBe('GO');
    expect(checklist.exitCode).toBe(0);
    const number = await live.accountNumber();

    // No one at a terminal and no --confirm-account: nothing is guessed.
    const unconfirmed = await live.dalio(['live', 'enable', '--tier', '1']);
    expect(unconfirmed.exitCode).toBe(2);
    expect(unconfirmed.stderr).toBe(
      `dalio: type the account number ${number} to confirm, or pass --confirm-account ${number} when no one is at a terminal\n`,
    );
    const wrong = await live.dalio(['live', 'enable', '--tier', '1'], {
      prompt: async () => 'SIM000000000000',
    });
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toBe(
      `dalio: "SIM000000000000" is not the account number the broker reports (${number}); nothing was changed\n`,
    );
    expect((await liveStatus(live)).current).toBeNull();

    const questions: string[] = [];
    const enabled = await live.dalio(
      ['live', 'enable', '--tier', '1', '--by', 'Ada', '--note', 'first $1k'],
      {
        prompt: async (question) => {
          questions.push(question);
          return ` ${number} `;
        },
      },
    );
    expect(enabled.stderr).toBe('');
    expect(enabled.exitCode).toBe(0);
    expect(questions).toEqual([
      `Trade REAL MONEY at tier 1 ($1,000) on Alpaca account ${number}? Type the account number to confirm: `,
    ]);
    expect(enabled.stdout).toMatch(/^LIVE trading enabled at tier 1 \(\$1,000\) on account SIM\w+ by Ada/);
    const status = await liveStatus(live);
    expect(status.mode).toBe('live');
    expect(status.current).toMatchObject({
      tier: 1,
      capitalCapUsd: 1000,
      accountNumber: number,
      by: 'Ada',
      note: 'first $1k',
    });
    expect(status.log).toEqual([
      expect.objectContaining({
        action: 'enable',
        tier: 1,
        by: 'Ada',
        checklist: expect.objectContaining({ verdict: 'GO' }),
      }),
    ]);

    expect((await live.dalio(['explain'])).stdout).toMatch(
      /Now: live, tier 1 since \S+, invested capital capped at \$1,000\./,
    );

    // Up one tier needs tier 1's days without errors first; two tiers at once never.
    const early = await live.dalio(['live', 'enable', '--tier', '2', '--confirm-account', number]);
    expect(early.exitCode).toBe(1);
    expect(early.stderr).toMatch(
      /^dalio: tier 1 has 0 of the 7 trading days without errors it needs .* before tier 2; keep trading on tier 1\n$/,
    );
    const jump = await live.dalio(['live', 'enable', '--tier', '3', '--confirm-account', number]);
    expect(jump.stderr).toBe('dalio: move one tier at a time: from tier 1 the next is 2, not 3\n');

    // Disabled, the next run refuses before the live broker is asked anything, and says who turned it off.
    const disabled = await live.dalio(['live', 'disable', '--by', 'Ada', '--reason', 'rollback drill']);
    expect(disabled.exitCode).toBe(0);
    expect(disabled.stdout).toMatch(
      /^Live trading DISABLED \(was tier 1 on account SIM\w+\): no live order goes out from now on\./,
    );
    const run = await live.dalio(['run']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      /^dalio: live trading was disabled at \S+ by Ada \(rollback drill\); run `dalio live enable --tier 1` to trade live again, or set mode: paper\n$/,
    );
    expect(live.ordersOf('AKLIVETESTKEY0001')).toEqual([]);
  });
});

describe('the pin against trading live by mistake (before any order)', () => {
  it('paper keys against a live-configured host, and live keys against a paper-configured host, are refused with no order at the broker', async () => {
    const live = await fixture();
    const paperKeysOnLive = await live.dalio(['run'], { env: { ...live.env, APCA_API_KEY_ID: PAPER_KEY } });
    expect(paperKeysOnLive.exitCode).toBe(2);
    expect(paperKeysOnLive.stderr).toMatch(/^dalio: APCA_API_KEY_ID is a paper key \(PK…\) but mode is live/);

    const liveKeysOnPaper = await live.dalio(['run', '--force'], {
      env: { ...live.paperEnv, APCA_API_KEY_ID: live.env.APCA_API_KEY_ID },
    });
    expect(liveKeysOnPaper.exitCode).toBe(2);
    expect(liveKeysOnPaper.stderr).toBe(
      `dalio: APCA_API_KEY_ID is a live key (AK…) but mode is paper (${live.simUrl}); live keys never trade paper: put the paper key pair (PK…) in the secrets file, or set mode: live\n`,
    );
    expect(live.ordersOf(PAPER_KEY)).toEqual([]);
    expect(live.ordersOf(String(live.env.APCA_API_KEY_ID))).toEqual([]);

    // `dalio status` and `dalio health` show the same mismatch as the pin, not a paper badge.
    const status = await live.dalio(['status', '--json'], {
      env: { ...live.paperEnv, APCA_API_KEY_ID: live.env.APCA_API_KEY_ID },
    });
    expect(status.exitCode).toBe(1);
    expect(JSON.parse(status.stdout).pin).toEqual({
      ok: false,
      reason: expect.stringMatching(/^APCA_API_KEY_ID is a live key/),
    });
    const health = await live.dalio(['health', '--json'], {
      env: { ...live.env, APCA_API_KEY_ID: PAPER_KEY },
    });
    const pin = (JSON.parse(health.stdout).checks as { name: string }[]).find(
      (check) => check.name === 'pin',
    );
    expect(pin).toMatchObject({
      status: 'critical',
      reason: expect.stringMatching(/^APCA_API_KEY_ID is a paper key/),
    });
  });

  it('a soak report of another shape is named, never read as a pass', async () => {
    const live = await fixture();
    await writeFile(live.soakReport, JSON.stringify({ ok: true }));
    const run = await live.dalio(['checklist', '--json']);
    const soak = (JSON.parse(run.stdout).items as { id: string; ok: boolean; detail: string }[]).find(
      (item) => item.id === 'soak',
    );
    expect(soak).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/is not a soak report \(it needs days, verdict/),
    });
  });
});
