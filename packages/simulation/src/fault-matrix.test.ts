import { describe, expect, it } from 'vitest';
import { armAt, mondayScenario } from '../test/scenarios.ts';
import { readState } from './invariants.ts';
import { runScenario, type ScenarioRun } from './run-scenario.ts';
import type { Damage, Scenario } from './scenario.ts';

// The rows of faults.md §5.3 that the deterministic simulation injects. Every run also checks I1–I8 after each
// step and liveness at the end (`run.violation`); each test adds what its row asserts. Rows 11–15 and 17 (a
// real full disk) run real processes in apps/autopilot (fault-matrix-*.e2e.test.ts, run-*.e2e.test.ts).

async function run(scenario: Scenario): Promise<ScenarioRun> {
  const ran = await runScenario(scenario);
  expect(ran.violation, ran.trace.join('\n')).toBeNull();
  return ran;
}

/** The trace line of the first daemon cycle (day 0 at 10:00). */
function firstCycle(ran: ScenarioRun): string {
  return ran.trace.find((line) => line.includes('10:00 daily cycle')) ?? '';
}

function posts(ran: ScenarioRun, clientOrderId?: string) {
  return ran.world.network.requests.filter(
    (request) =>
      request.route === 'POST /v2/orders' &&
      (clientOrderId === undefined || request.clientOrderId === clientOrderId),
  );
}

function mondayRecord(ran: ScenarioRun) {
  const state = readState(ran.world.files().state);
  if (!state.ok) throw new Error(state.why);
  return state.payload?.days['2025-03-03'];
}

const SELL_VTI = 'dl-20250303-a0-VTI-sell';

describe('fault matrix in the deterministic simulation', () => {
  it('row 1: reads failing past their retries stop the cycle before any order; nothing is written', async () => {
    const ran = await run(
      mondayScenario([
        armAt(0, '09:59', { brokerFaults: [{ route: 'GET /v2/account', fault: '5xx', times: 3 }] }),
      ]),
    );
    expect(firstCycle(ran)).toMatch(
      /failed\/error {2}0 orders \[BrokerUnavailableError: simulator fault 5xx on GET \/v2\/account/,
    );
    const failedAt = Date.parse('2025-03-03T15:00:00Z');
    expect(posts(ran).filter((post) => post.atMs <= failedAt + 1_000)).toEqual([]);
  });

  it.each(['answer-lost', 'timeout', 'malformed', '5xx'] as const)(
    'rows 2, 3 and 20: a POST answered with %s is looked up by client order id before anything is resent',
    async (fault) => {
      const ran = await run(
        mondayScenario([
          armAt(0, '09:59', { brokerFaults: [{ route: 'POST /v2/orders', fault, times: 1 }] }),
        ]),
      );
      expect(mondayRecord(ran)?.status).toBe('committed');
      const sends = posts(ran, SELL_VTI);
      const lookups = ran.world.network.requests.filter(
        (request) =>
          request.route === 'GET /v2/orders:by_client_order_id' && request.clientOrderId === SELL_VTI,
      );
      expect(lookups.length).toBeGreaterThan(0);
      // The fault did its work (answer-lost, timeout, malformed) and the lookup found the order: sent once. A 5xx
      // did nothing, so every lookup missed and the same id went out once more.
      expect(sends).toHaveLength(fault === '5xx' ? 2 : 1);
      expect(ran.world.invariantInput().orders.filter((o) => o.clientOrderId === SELL_VTI)).toHaveLength(1);
    },
  );

  it('row 4: an order visible only late, after a crash before its answer was recorded, is adopted within the grace', async () => {
    const ran = await run(
      mondayScenario([
        armAt(0, '09:59', {
          brokerFaults: [{ route: 'POST /v2/orders', fault: 'late-visibility', times: 1 }],
          crash: { step: 'after-submit-sell', nth: 1, mode: 'kill' },
        }),
      ]),
    );
    expect(firstCycle(ran)).toMatch(/crashed at after-submit-sell:1 \(kill\); restart: committed/);
    expect(posts(ran, SELL_VTI)).toHaveLength(1);
  });

  it('row 5: a second process taking over a stopped one continues its intent; the broker holds one order per leg', async () => {
    const ran = await run(
      mondayScenario([
        armAt(0, '09:59', {
          pause: {
            step: 'after-answer-recorded',
            nth: 1,
            pauseMs: 60_000,
            racer: true,
            racerWaits: true,
            halt: false,
          },
        }),
      ]),
    );
    expect(mondayRecord(ran)?.status).toBe('committed');
    const ids = ran.world.invariantInput().orders.map((order) => order.clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    // The stopped process came back to a day another one had finished: it stopped without another order.
    expect(firstCycle(ran)).toMatch(/refused\/superseded|refused\/stopped|failed/);
  });

  it('row 6: 429s on reads are retried with backoff; a 429 on a POST is never retried blindly', async () => {
    const ran = await run(
      mondayScenario([
        armAt(0, '09:59', {
          brokerFaults: [
            { route: 'GET /v2/positions', fault: '429', times: 2 },
            { route: 'POST /v2/orders', fault: '429', times: 1 },
          ],
        }),
      ]),
    );
    expect(mondayRecord(ran)?.status).toBe('committed');
    const requests = ran.world.network.requests;
    const first = requests.findIndex((r) => r.route === 'POST /v2/orders' && r.clientOrderId === SELL_VTI);
    const second = requests.findLastIndex(
      (r) => r.route === 'POST /v2/orders' && r.clientOrderId === SELL_VTI,
    );
    expect(second).toBeGreaterThan(first);
    expect(
      requests.slice(first, second).some((r) => r.outcome === 'miss' && r.clientOrderId === SELL_VTI),
    ).toBe(true);
  });

  it('row 7: a business rejection is recorded, not retried, and the day closes short of committed with why', async () => {
    const ran = await run(mondayScenario([armAt(0, '09:59', { rejections: 1 })]));
    expect(posts(ran, SELL_VTI)).toHaveLength(1);
    const record = mondayRecord(ran);
    expect(record?.status).toBe('partial');
    expect(record?.reasons.join(' ')).toMatch(
      /sell VTI \(dl-20250303-a0-VTI-sell\) did not fill completely — 40310000: insufficient buying power/,
    );
  });

  it('row 8: orders partly filled at the deadline stay open; the next day adopts exactly what filled', async () => {
    const ran = await run(
      mondayScenario(
        [],
        { partialFillProbability: 1, partialFillDelayMs: 3_600_000, fillTimeoutMs: 5_000 },
        2,
      ),
    );
    expect(firstCycle(ran)).toMatch(/partial\/orders-open/);
    const record = mondayRecord(ran);
    expect(record?.status).not.toBe('intent');
    for (const order of ran.world
      .invariantInput()
      .orders.filter((o) => o.clientOrderId.startsWith('dl-20250303'))) {
      const answer = record?.brokerAnswers.findLast((a) => a.clientOrderId === order.clientOrderId);
      expect(answer?.filledQty).toBe(order.filledQty);
    }
  });

  it('row 9: holidays, a half day and the daylight-saving switches: orders only inside sessions, never near the close', async () => {
    // Thanksgiving week (closed Thursday, 13:00 close on Friday) at 12:50, then the March 2025 DST switch.
    const thanksgiving = await run({
      ...mondayScenario([], { minDaysBetween: 0, absoluteBand: 0 }, 6),
      start: '2024-11-26',
      dailyAt: '12:50',
    });
    const ordersOn = (run: ScenarioRun, day: string) =>
      run.world.invariantInput().orders.filter((order) => order.clientOrderId.includes(`-${day}-`));
    expect(ordersOn(thanksgiving, '20241126').length).toBeGreaterThan(0);
    expect(ordersOn(thanksgiving, '20241128')).toEqual([]);
    expect(ordersOn(thanksgiving, '20241129')).toEqual([]);
    expect(thanksgiving.trace.join('\n')).toMatch(/2024-11-29 12:50 daily cycle: refused\/market-closed/);
    // The owner buys on Saturday; the order fills at Monday's open, the first session in daylight-saving time.
    const dst = await run({
      ...mondayScenario(
        [{ day: 1, at: '12:00', action: { kind: 'user-trade', symbol: 'VTI', usd: 30_000 } }],
        { minDaysBetween: 0, absoluteBand: 0 },
        5,
      ),
      start: '2025-03-07',
      dailyAt: '09:31',
    });
    expect(ordersOn(dst, '20250310').map((order) => order.createdAt)).toContain('2025-03-10T13:31:00.000Z');
    expect(dst.trace.join('\n')).toMatch(/2025-03-08 09:31 daily cycle: refused\/market-closed/);
  });

  it.each([86_400_000, -86_400_000, 9 * 3_600_000])(
    'row 10: with the local clock %i ms off, the trading day still comes from the broker',
    async (skewMs) => {
      const ran = await run(
        mondayScenario([{ day: 0, at: '09:00', action: { kind: 'local-clock', skewMs } }]),
      );
      expect(mondayRecord(ran)?.status).toBe('committed');
      expect(
        ran.world.invariantInput().orders.every((order) => order.clientOrderId.startsWith('dl-20250303-')),
      ).toBe(true);
    },
  );

  const DAMAGE: readonly Damage[] = ['truncate', 'empty', 'nul-fill', 'flip-byte', 'rollback', 'missing'];
  it.each(DAMAGE)(
    'row 16: a state file damaged (%s) is refused, trades nothing, and trading resumes once a backup is restored',
    async (how) => {
      // Monday and Tuesday trade (the owner bought VTI in between); Wednesday's state is damaged before the
      // daemon's cycle; Thursday morning the owner restores the newest backup that verifies.
      const ran = await run(
        mondayScenario(
          [
            { day: 0, at: '12:00', action: { kind: 'user-trade', symbol: 'VTI', usd: 20_000 } },
            { day: 2, at: '09:00', action: { kind: 'damage', how } },
          ],
          { minDaysBetween: 0, absoluteBand: 0 },
          4,
        ),
      );
      const log = ran.trace.join('\n');
      expect(log).toMatch(/2025-03-04 10:00 daily cycle: committed/);
      expect(log).toMatch(/2025-03-05 09:00 damage: state damaged/);
      expect(log).toMatch(/2025-03-05 10:00 daily cycle: (refused\/state-unreadable|failed)/);
      expect(
        ran.world.invariantInput().orders.filter((order) => order.clientOrderId.includes('-20250305-')),
      ).toEqual([]);
      expect(log).toMatch(/2025-03-06 10:00 daily cycle: (committed|hold)/);
    },
  );

  it('row 17: a full disk fails the cycle before any order; the old state stays intact; space freed, it trades', async () => {
    const ran = await run(
      mondayScenario([armAt(0, '09:59', { fsFaults: [{ kind: 'enospc', nth: 1 }] })], {}, 2),
    );
    expect(firstCycle(ran)).toMatch(/failed\/error {2}0 orders \[DurableWriteError: .*ENOSPC/);
    expect(posts(ran).filter((post) => post.atMs < Date.parse('2025-03-04T00:00:00Z'))).toEqual([]);
    expect(ran.world.invariantInput().orders.length).toBeGreaterThan(0);
  });

  it('row 17: EIO on an fsync of the intent: no order goes out without a durable intent', async () => {
    const ran = await run(
      mondayScenario([armAt(0, '09:59', { fsFaults: [{ kind: 'eio-fsync', nth: 3 }] })], {}, 2),
    );
    expect(firstCycle(ran)).toMatch(/failed\/error {2}0 orders \[DurableWriteError: .*EIO/);
  });
});
