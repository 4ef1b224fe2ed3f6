import { checkAccountStatus } from '@dalio-lite/engine';
import { type AutoItem, fail, judge, pass } from './checklist-item.ts';
import { checkKeyPin } from './pin.ts';

const LIVE_CONFIG_FIX =
  'set mode: live at the top of dalio.yaml and the live key pair (AK…) in the secrets file, then run `dalio checklist`';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The installation and its configuration: tests, config, keys, account, limits, clock, permissions, dashboard. */
export const SETUP_ITEMS: readonly AutoItem[] = [
  {
    id: 'tests',
    title: "The installation's own tests pass (`npm test`, recorded with its commit)",
    everyCycle: true,
    check: (e) =>
      judge(e.tests, 'run `npm test` in the installation (it records the result)', (tests) => {
        const fix = `run \`npm test\` in the installation; it records the result in ${tests.path}`;
        const { result } = tests;
        if (result === null) return fail(`no test result is recorded at ${tests.path}`, fix);
        if (tests.installCommit === null) {
          return fail(
            `the installed commit is unknown (${tests.commitProblem ?? 'git rev-parse failed'})`,
            'install from a git checkout so the result can be tied to the code, then run `npm test`',
          );
        }
        if (result.commit !== tests.installCommit) {
          return fail(
            `the recorded result is for commit ${result.commit ?? 'unknown'}, the installation is at ${tests.installCommit}`,
            fix,
          );
        }
        if (!result.ok || result.failed > 0 || result.passed === 0) {
          return fail(
            `npm test failed at ${result.finishedAt}: ${result.passed} passed, ${result.failed} failed`,
            fix,
          );
        }
        const dirty = result.dirty ? ' (with uncommitted changes)' : '';
        return pass(
          `${result.passed} passed, 0 failed at commit ${result.commit.slice(0, 12)}${dirty}, ${result.finishedAt}`,
        );
      }),
  },
  {
    id: 'config',
    title: 'The config file is valid and sets mode: live',
    everyCycle: true,
    check: ({ config }) => {
      if (config.source === null) return fail('no config file is used (built-in defaults)', LIVE_CONFIG_FIX);
      if (config.mode !== 'live')
        return fail(`${config.source} is valid but sets mode: ${config.mode}`, LIVE_CONFIG_FIX);
      return pass(`${config.source} is valid and sets mode: live`);
    },
  },
  {
    id: 'live-keys',
    title: 'Live keys (AK…) on the live host: key kind, host and mode agree (the pin)',
    everyCycle: true,
    check: ({ config }) => {
      if (config.target.venue !== 'alpaca-live') {
        return fail(`the configuration trades ${config.target.venue}, not Alpaca live`, LIVE_CONFIG_FIX);
      }
      const pin = checkKeyPin(config.target);
      return pin.ok ? pass(pin.summary) : fail(pin.reason, LIVE_CONFIG_FIX);
    },
  },
  {
    id: 'live-account',
    title: 'The live keys reach the live host and the account is active and not blocked',
    everyCycle: true,
    check: ({ account }) => {
      if (account === null) return fail('not asked: the configuration is not live', LIVE_CONFIG_FIX);
      return judge(
        account,
        'check the network, the live keys and https://status.alpaca.markets, then run `dalio checklist`',
        ({ venue, account: a }) => {
          if (venue !== 'alpaca-live')
            return fail(`the broker reports ${venue}, not Alpaca live`, LIVE_CONFIG_FIX);
          const number = a.accountNumber ?? a.id;
          // The same guard every cycle runs before it trades.
          const guard = checkAccountStatus(a);
          if (guard.refuse) {
            return fail(
              `account ${number}: ${guard.reason}`,
              'resolve it with Alpaca (dashboard or support), then run `dalio checklist`',
            );
          }
          return pass(`account ${number} is ACTIVE and not blocked (equity $${a.equityUsd.toFixed(2)})`);
        },
      );
    },
  },
  {
    id: 'risk-limits',
    title: 'Breakers and limits are set (daily loss, drawdown, maximum order, maximum turnover)',
    everyCycle: true,
    check: ({ config: { risk } }) => {
      const problems = [
        risk.maxDailyLoss > 0.1 ? `risk.maxDailyLossPct ${pct(risk.maxDailyLoss)} is above 10` : null,
        risk.maxDrawdown > 0.5 ? `risk.maxDrawdownPct ${pct(risk.maxDrawdown)} is above 50` : null,
        risk.maxOrderUsd === null ? 'risk.maxOrderUsd is off' : null,
        risk.maxTurnover === null ? 'risk.maxTurnoverPct is off' : null,
      ].filter((problem): problem is string => problem !== null);
      if (problems.length > 0) {
        return fail(
          problems.join('; '),
          'set risk.maxOrderUsd and risk.maxTurnoverPct in dalio.yaml, and keep maxDailyLossPct ≤ 10 and maxDrawdownPct ≤ 50',
        );
      }
      return pass(
        `daily loss ${pct(risk.maxDailyLoss)} %, drawdown ${pct(risk.maxDrawdown)} %, max order $${risk.maxOrderUsd}, max turnover ${pct(risk.maxTurnover ?? 0)} %`,
      );
    },
  },
  {
    id: 'clock',
    title:
      "The clock is synchronised (with the broker's, and NTP where timedatectl exists) and the time zone is sane",
    everyCycle: true,
    check: (e) =>
      judge(e.clock, 'check the time setup of this machine, then run `dalio checklist`', (clock) => {
        const fixNtp =
          'enable time synchronisation (`timedatectl set-ntp true`, or chrony), then run `dalio checklist`';
        if (clock.zoneProblem !== null) {
          return fail(
            clock.zoneProblem,
            'unset TZ or set it to a real zone (TZ=UTC), then run `dalio checklist`',
          );
        }
        if (clock.ntp === 'not-synchronized')
          return fail(`this machine's clock is not synchronised (${clock.ntpDetail})`, fixNtp);
        if (!clock.broker.ok)
          return fail(`the broker's clock could not be read: ${clock.broker.reason}`, fixNtp);
        const skewMs = Date.parse(clock.localAt) - Date.parse(clock.broker.value);
        const max = e.config.live.maxClockSkewMs;
        if (!(Math.abs(skewMs) <= max)) {
          return fail(
            `this machine's clock is ${Math.round(skewMs)} ms off the broker's (at most ${max} ms; live.maxClockSkewMs)`,
            fixNtp,
          );
        }
        return pass(
          `${Math.round(skewMs)} ms from the broker's clock; ${clock.ntpDetail}; time zone ${clock.timeZone}${clock.tzEnv ? ` (TZ=${clock.tzEnv})` : ''}`,
        );
      }),
  },
  {
    id: 'state-dir',
    title: 'The state directory belongs to this user, mode 0700, every file 0600',
    everyCycle: true,
    check: (e) =>
      judge(e.stateDir, 'fix the state directory permissions, then run `dalio checklist`', (look) => {
        if (!look.exists)
          return pass(`${look.dir} does not exist yet; it is created with mode 0700 on first use`);
        if (look.problems.length > 0) {
          return fail(
            look.problems.join('; '),
            `run dalio as the user that owns ${look.dir}, and chmod 700 ${look.dir}; chmod 600 the files in it`,
          );
        }
        return pass(`${look.dir} belongs to this user, mode 0700, files 0600`);
      }),
  },
  {
    id: 'dashboard',
    title: 'The dashboard is not exposed without a token',
    everyCycle: true,
    check: ({ config: { dashboard } }) => {
      if (isLoopback(dashboard.host)) return pass(`it binds ${dashboard.host} (this machine only)`);
      if (dashboard.hasToken) return pass(`it binds ${dashboard.host} and requires the token`);
      return fail(
        `it binds ${dashboard.host} without a token`,
        'set DALIO_DASHBOARD_TOKEN (or dashboard.tokenFile), or bind 127.0.0.1',
      );
    },
  },
];

function pct(fraction: number): string {
  return String(Math.round(fraction * 10_000) / 100);
}
