import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '@dalio-lite/config';
import { isTradingDay, newYorkDate, newYorkInstant, nextTradingDay } from '@dalio-lite/core';
import { STATE_FILE } from '@dalio-lite/state';
import { pino } from 'pino';
import { checkHealth } from './commands/health.ts';
import { createDemoClock } from './demo-clock.ts';
import { createRuntime } from './runtime.ts';
import { createSoakClockControl } from './soak-clock.ts';
import { type DayOutcome, runDalio, superviseDaemon } from './soak-processes.ts';
import { type SoakEvent, type SoakProfileName, soakProfile, soakSchedule } from './soak-profile.ts';
import { buildSoakReport, type ScenarioResult, type SoakReport } from './soak-report.ts';
import { SOAK_KEY, startSoakSimulator } from './soak-simulator.ts';
import { stopOnSignals } from './stop-signals.ts';

/** What a soak runs: how long, how rough, how fast, where. */
export interface SoakOptions {
  days: number;
  profile: SoakProfileName;
  seed: number;
  /** Broker seconds per wall second. */
  speed: number;
  /** An empty directory for the state, the config and the reports. */
  dir: string;
  /** The first trading day (New York date) on or after which the run starts. */
  startDay: string;
  cashUsd: number;
  onProgress?: (progress: { daysDone: number; days: number; day: string }) => void;
}

/** When the daemon runs its daily cycle (New York time). */
const TIME_ET = '10:00';
/** How long an outage or a 429 storm lasts, in wall time. */
const OUTAGE_WALL_MS = 3_000;
/** How often health is sampled, in broker time. */
const HEALTH_EVERY_MS = 2 * 3_600_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tradingDaysFrom(first: string, count: number): string[] {
  const days: string[] = [];
  for (
    let day = isTradingDay(first) ? first : nextTradingDay(first);
    days.length < count;
    day = nextTradingDay(day)
  ) {
    days.push(day);
  }
  return days;
}

/**
 * Run the real daemon (a child process) against the simulator in time-lapse for `days` trading days, inject the
 * profile's faults and the rollout plan's five scenarios, sample health, and judge the run from the simulator's
 * own ledger.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const profile = soakProfile(options.profile);
  const days = tradingDaysFrom(options.startDay, options.days);
  const firstDay = days[0] as string;
  const lastDay = days.at(-1) as string;
  // Broker time runs only while a daemon is up and not waiting to retry (see `createSoakClockControl`).
  const time = createDemoClock({
    start: newYorkInstant(firstDay, '07:00').toISOString(),
    speed: options.speed,
  });
  const clock = createSoakClockControl(time);
  const sim = await startSoakSimulator({
    clock: time.clock,
    seed: options.seed,
    cashUsd: options.cashUsd,
    profile,
  });
  const nowMs = () => sim.simulator.clock.now().getTime();
  const configPath = join(options.dir, 'dalio.yaml');
  await writeFile(
    configPath,
    [
      'schedule:',
      `  timeEt: "${TIME_ET}"`,
      'broker:',
      '  orderTimeoutMs: 2000',
      '  lookupGraceMs: 4000',
      '  fillTimeoutMs: 20000',
      // A policy that trades most days (2-point band, no minimum gap), so orders and their failures are counted
      // over many rebalances rather than the one a month the defaults allow.
      'policy:',
      '  absoluteBandPct: 2',
      '  minDaysBetween: 0',
      '',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: options.dir,
    APCA_API_KEY_ID: SOAK_KEY,
    APCA_API_SECRET_KEY: 'soak-secret',
    DALIO_ALPACA_BASE_URL: sim.url,
    DALIO_STATE_DIR: join(options.dir, 'state'),
    DALIO_CONFIG: configPath,
  };
  const config = await loadConfig({ path: configPath, env, cwd: options.dir });
  const runtime = createRuntime(config, { env, logger: pino({ level: 'silent' }) });

  const scenarios: ScenarioResult[] = [];
  const healthSamples: { at: string; status: string; failing: string[] }[] = [];
  let upSinceWallMs: number | null = null;
  let upWallMs = 0;
  // Uptime counts from the first daemon's start: a restart's boot is downtime, the very first one is not.
  let firstUpWallMs: number | null = null;
  const schedule = soakSchedule(profile, days.length);
  const firstCrash = schedule.find((event) => event.kind === 'process-crash' && event.day === 0);
  const waiters: { day: string; resolve: (outcome: DayOutcome) => void }[] = [];
  let restoresByDaemon = 0;
  const daemon = superviseDaemon({
    env,
    logPath: join(options.dir, 'daemon.log'),
    onDay: (outcome) => {
      for (const waiter of waiters.filter((w) => w.day === outcome.day)) waiter.resolve(outcome);
    },
    ...(firstCrash?.crashAt ? { firstCrashAt: firstCrash.crashAt } : {}),
    onUp: (up) => {
      clock.setUp(up);
      if (up) {
        upSinceWallMs ??= performance.now();
        firstUpWallMs ??= upSinceWallMs;
      } else {
        if (upSinceWallMs !== null) upWallMs += performance.now() - upSinceWallMs;
        upSinceWallMs = null;
      }
    },
    // A retry the daemon waits for (a cycle, a look at the clock, a read) stands broker time still meanwhile.
    onLog: (entry) => {
      if (entry.event === 'state.restored') restoresByDaemon += 1;
      const waitMs = typeof entry.retryInMs === 'number' ? entry.retryInMs : entry.delayMs;
      if (typeof waitMs === 'number' && waitMs > 0) clock.holdFor(waitMs + 100);
    },
  });
  const dayOutcome = (day: string) =>
    new Promise<DayOutcome>((resolve) => {
      const known = daemon.record.days.get(day);
      if (known) resolve(known);
      else waiters.push({ day, resolve });
    });
  const work: Promise<void>[] = [];
  const timeline = schedule.flatMap((event) => actionsOf(event));

  function actionsOf(event: SoakEvent): { atMs: number; run: () => void }[] {
    const day = days[event.day] as string;
    const at = (timeEt: string) => newYorkInstant(day, timeEt).getTime();
    const record = (result: Omit<ScenarioResult, 'kind' | 'day'>): void => {
      scenarios.push({ kind: event.kind, day, ...result });
    };
    switch (event.kind) {
      case 'process-crash': {
        const crashAt = event.crashAt ?? 'after-reconcile:1';
        return [
          {
            atMs: event.day === 0 ? 0 : at('06:00'),
            run: () =>
              work.push(
                (async () => {
                  // The first day's crash is armed in the first daemon; later ones by a restart before the open.
                  const before = event.day === 0 ? 0 : daemon.record.crashes;
                  if (event.day > 0) await daemon.restart(crashAt);
                  const outcome = await dayOutcome(day);
                  const crashed = daemon.record.crashes > before;
                  record({
                    handled: crashed && outcome.outcome !== 'missed',
                    detail: `daemon killed (SIGKILL) at ${crashAt}${crashed ? '' : ' — the step was never reached'}, restarted; the day ended ${outcome.outcome} (${outcome.code ?? ''})`,
                  });
                })(),
              ),
          },
        ];
      }
      case 'concurrent-runs': {
        // Three `dalio run` start together, timed to arrive as the daemon's cycle starts (they take a moment to boot).
        const leadMs = (daemon.record.bootMs ?? 1_500) * options.speed;
        return [
          {
            // Not before the open, or they would only find the market closed.
            atMs: Math.max(at(TIME_ET) - leadMs, at('09:30')),
            run: () =>
              work.push(
                (async () => {
                  const runs = await Promise.all([1, 2, 3].map(() => runDalio(['run', '--json'], env)));
                  // Each run ends with its report (exit 1 says a person should look, e.g. the broker was down);
                  // a run that died or printed no report is not handled. Double orders show in the ledger.
                  const outcomes = runs.map((run) => {
                    const parsed = parseJsonObject(run.stdout);
                    return (run.code === 0 || run.code === 1) && typeof parsed?.outcome === 'string'
                      ? parsed.outcome
                      : `exit ${run.code ?? run.signal}`;
                  });
                  const ok = outcomes.every((o) => !o.startsWith('exit '));
                  record({
                    handled: ok,
                    detail: `3 concurrent \`dalio run\` beside the daemon: ${outcomes.join(', ')}`,
                  });
                })(),
              ),
          },
        ];
      }
      case 'broker-unreachable':
      case 'rate-limit': {
        const outage = event.kind === 'broker-unreachable';
        // The outage lasts a span of wall time: broker time stands still while the daemon waits to retry, so a
        // window in broker time could outlast every retry.
        return [
          {
            atMs: at('09:50'),
            run: () => {
              const errorsBefore = sim.counts.errors;
              sim.startOutage(outage ? 'reset' : '429', outage ? 1 : 0.6);
              setTimeout(() => {
                sim.clearOutage();
                const failed = sim.counts.errors - errorsBefore;
                work.push(
                  dayOutcome(day).then((outcome) =>
                    record({
                      handled: outcome.outcome !== 'missed',
                      detail: `${outage ? 'connections dropped' : '429 answers (60 %)'} from 09:50 for ${OUTAGE_WALL_MS / 1000} s of wall time: ${failed} failed requests; the day ended ${outcome.outcome} (${outcome.code ?? ''})`,
                    }),
                  ),
                );
              }, OUTAGE_WALL_MS);
            },
          },
        ];
      }
      case 'state-corruption':
        return [
          {
            atMs: at('08:00'),
            run: () => work.push(corruptThenRecover(day, record)),
          },
        ];
    }
  }

  /**
   * Truncate the state file before the day's cycle. The cycle must fail closed — refuse, or restore the newest
   * verified backup itself and go on from there — and nothing may trade on the damaged state. If the state is
   * still unreadable afterwards, the operator recovers it: `dalio backup restore`, else a reset and a resume.
   */
  async function corruptThenRecover(day: string, record: (r: Omit<ScenarioResult, 'kind' | 'day'>) => void) {
    const path = join(config.paths.stateDir, STATE_FILE);
    const bytes = await readFile(path).catch(() => null);
    if (bytes === null) {
      record({ handled: false, detail: `no ${STATE_FILE} to damage: no cycle had written one yet` });
      return;
    }
    const damagedMs = nowMs();
    const restoresBefore = restoresByDaemon;
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const outcome = await dayOutcome(day);
    // The restore may have happened in an attempt the daemon retried: its log says so either way.
    const restoredByCycle = restoresByDaemon > restoresBefore;
    const refused = outcome.code === 'state-unreadable' || outcome.outcome === 'failed';
    const tradedWhileDamaged = ownOrders().filter((order) => Date.parse(order.createdAt) >= damagedMs).length;
    let how = 'the cycle restored the newest verified backup itself';
    let recovered = true;
    if (
      !(await runtime.store
        .load()
        .then(() => true)
        .catch(() => false))
    ) {
      how = 'the operator restored the newest backup (`dalio backup restore`)';
      let run = await runDalio(['backup', 'restore', '--json'], env);
      if (run.code !== 0) {
        how = `no backup restored (${firstLine(run.stderr)}); the operator ran \`dalio state reset --yes\` and \`dalio resume\``;
        run = await runDalio(['state', 'reset', '--yes', '--json'], env);
        if (run.code === 0) run = await runDalio(['resume', '--json'], env);
      }
      recovered = run.code === 0;
      if (!recovered) how += ` — failed: ${firstLine(run.stderr)}`;
    }
    record({
      handled: (restoredByCycle || (refused && tradedWhileDamaged === 0)) && recovered,
      detail: `state.json truncated before the day's cycle; the cycle ended ${outcome.outcome} (${outcome.code ?? ''})${restoredByCycle ? ' after restoring a backup' : `, ${tradedWhileDamaged} orders on the damaged state`}; ${how}`,
    });
  }

  const ownOrders = () =>
    sim.simulator
      .ledger()
      .orders.filter((order) => order.accountId === sim.accountId && order.clientOrderId.startsWith('dl-'));

  const endMs = newYorkInstant(lastDay, '17:00').getTime();
  let nextHealthMs = nowMs();
  // Ctrl-C ends the run early (the report then names the days without an outcome); the daemon never outlives it.
  const stop = stopOnSignals();
  try {
    let pending = [...timeline].sort((a, b) => a.atMs - b.atMs);
    while ((nowMs() < endMs || !daemon.record.days.has(lastDay)) && !stop.signal.aborted) {
      if (nowMs() > endMs + 24 * 3_600_000) break;
      const due = pending.filter((action) => action.atMs <= nowMs());
      pending = pending.filter((action) => action.atMs > nowMs());
      for (const action of due) action.run();
      // Health is sampled once the autopilot has run its first cycle: before, a new install is rightly not green.
      if (daemon.record.days.size > 0 && nowMs() >= nextHealthMs) {
        nextHealthMs = nowMs() + HEALTH_EVERY_MS;
        // The soak's own health requests are left out of the API error rate (what it measures is the autopilot).
        const before = { ...sim.counts };
        const report = await checkHealth(runtime, { alert: false });
        sim.counts.requests = before.requests;
        sim.counts.errors = before.errors;
        sim.counts.throttled = before.throttled;
        const failing = report.checks
          .filter((check) => check.status !== 'ok')
          .map((check) => `${check.name}: ${check.reason}`);
        healthSamples.push({ at: new Date(nowMs()).toISOString(), status: report.status, failing });
      }
      const today = newYorkDate(new Date(nowMs()));
      options.onProgress?.({
        daysDone: days.filter((d) => d < today || daemon.record.days.has(d)).length,
        days: days.length,
        day: today,
      });
      await sleep(50);
    }
  } finally {
    stop.dispose();
    await daemon.stop();
  }
  await Promise.race([Promise.all(work), sleep(10_000)]);
  if (upSinceWallMs !== null) upWallMs += performance.now() - upSinceWallMs;
  clock.stop();
  await sim.close();

  // A scenario that never came to an outcome (its day never ended) counts as not handled.
  const recorded = scenarios.map((s) => `${s.kind} ${s.day}`);
  for (const event of schedule) {
    const day = days[event.day] as string;
    const index = recorded.indexOf(`${event.kind} ${day}`);
    if (index >= 0) recorded.splice(index, 1);
    else scenarios.push({ kind: event.kind, day, handled: false, detail: 'no outcome before the run ended' });
  }
  const state = await runtime.store.load().catch(() => null);
  const history = await runtime.history.readAll();
  return buildSoakReport({
    profile: profile.name,
    seed: options.seed,
    speed: options.speed,
    days,
    orders: ownOrders(),
    refusedSubmissions: sim.refusedSubmissions.length,
    stateDays: state?.payload.days ?? {},
    history: history.records.map((record) => record.entry),
    dayOutcomes: daemon.record.days,
    apiRequests: sim.counts.requests,
    apiErrors: sim.counts.errors,
    throttled: sim.counts.throttled,
    healthSamples,
    crashes: daemon.record.crashes,
    unhandledCrashes: daemon.record.unhandled.length,
    daemonRestarts: daemon.record.restarts,
    uptimeRatio: Math.min(
      1,
      upWallMs / Math.max(1, performance.now() - (firstUpWallMs ?? performance.now())),
    ),
    problems: daemon.record.problems,
    scenarios,
  });
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? '(no message)';
}
