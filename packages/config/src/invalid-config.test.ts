import { describe, expect, test } from 'vitest';
import { ConfigError } from './errors.ts';
import { parseConfig } from './load-config.ts';

// Keys are set, so the broker is Alpaca paper and each case meets only its own problem.
const env = { HOME: '/home/ada', APCA_API_KEY_ID: 'PKTESTKEYID', APCA_API_SECRET_KEY: 'test-secret-value' };

/** Parse and return the ConfigError thrown; fails the test when nothing is thrown. */
function errorOf(text: string): ConfigError {
  try {
    parseConfig(text, 'dalio.yaml', env, { cwd: '/srv/dalio' });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(text)}`);
}

const cases: Array<[string, string, string]> = [
  [
    'weights not summing to 1',
    'allocation:\n  targets: { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.05 }\n',
    'dalio.yaml: allocation: weights sum to 0.95, must sum to 1 (or 100 as percentages)',
  ],
  [
    'percent weights not summing to 100',
    'allocation:\n  targets: { VTI: 40, TLT: 30, GLD: 20, DBC: 5 }\n',
    'dalio.yaml: allocation: weights sum to 95, must sum to 100 (or 1 as fractions)',
  ],
  [
    'a negative weight',
    'allocation:\n  targets: { VTI: -10, TLT: 110 }\n',
    'dalio.yaml: allocation: weight of VTI is -10, must be a number greater than 0',
  ],
  [
    'preset and targets together',
    'allocation:\n  preset: permanent\n  targets: { VTI: 100 }\n',
    'dalio.yaml: allocation: both preset and targets are set, keep one of them',
  ],
  [
    'a negative band',
    'policy:\n  absoluteBandPct: -5\n',
    'dalio.yaml: policy.absoluteBandPct: -5 is negative, must be between 0 and 100',
  ],
  [
    'a band over 100',
    'policy:\n  relativeBandPct: 150\n',
    'dalio.yaml: policy.relativeBandPct: 150 is too large, must be between 0 and 100',
  ],
  [
    'a band that is a word',
    'policy:\n  absoluteBandPct: on\n',
    'dalio.yaml: policy.absoluteBandPct: expected a number between 0 and 100, or off, got "on"',
  ],
  [
    'no band and no calendar',
    'policy:\n  absoluteBandPct: off\n  relativeBandPct: null\n',
    'dalio.yaml: policy: every band is off and there is no calendar, so it would never rebalance; set absoluteBandPct, relativeBandPct or calendar',
  ],
  [
    'an unknown preset',
    'allocation:\n  preset: all-wether\n',
    'dalio.yaml: allocation.preset: "all-wether" is not a preset, use one of dalio-lite, all-weather, sixty-forty, permanent (did you mean "all-weather"?)',
  ],
  [
    'an unknown key',
    'risk:\n  maxDailyLoss: 5\n',
    'dalio.yaml: risk.maxDailyLoss: unknown key, use one of maxDailyLossPct, maxDrawdownPct, maxOrderUsd, maxTurnoverPct, maxWeightPct (did you mean "maxDailyLossPct"?)',
  ],
  [
    'an unknown top-level section',
    'polcy:\n  minDaysBetween: 3\n',
    'dalio.yaml: polcy: unknown key, use one of mode, allocation, policy, plan, risk, broker, schedule, paths, dashboard, notifications, backup, live, logging (did you mean "policy"?)',
  ],
  [
    "the original's snake_case",
    'policy:\n  min_days_between: 3\n',
    'dalio.yaml: policy.min_days_between: unknown key, use one of absoluteBandPct, relativeBandPct, calendar, minDaysBetween (did you mean "minDaysBetween"?)',
  ],
  [
    'a word where a number goes',
    'risk:\n  maxDailyLossPct: five\n',
    'dalio.yaml: risk.maxDailyLossPct: expected a number between 0.1 and 100, got "five"',
  ],
  [
    'a fraction where a whole number goes',
    'policy:\n  minDaysBetween: 2.5\n',
    'dalio.yaml: policy.minDaysBetween: 2.5 is not a whole number, must be between 0 and 366',
  ],
  [
    'a yes/no word where a boolean goes',
    'plan:\n  wholeShares: yes\n',
    'dalio.yaml: plan.wholeShares: expected true or false, got "yes"',
  ],
  [
    'a section with every line commented out',
    'risk:\n  # maxDailyLossPct: 5\n',
    'dalio.yaml: risk: the section is empty, add settings under it or remove the line',
  ],
  ['a scalar where a section goes', 'plan: 5\n', 'dalio.yaml: plan: expected a mapping, got 5'],
  [
    'a wrongly cased mode',
    'mode: Live\n',
    'dalio.yaml: mode: "Live" is not a mode, use one of paper, live (did you mean "live"?)',
  ],
  [
    'a word where a weight goes',
    'allocation:\n  targets: { VTI: forty, TLT: 60 }\n',
    'dalio.yaml: allocation.targets.VTI: expected a weight (percent or fraction), got "forty"',
  ],
  [
    'an unknown calendar',
    'policy:\n  calendar: weekly\n',
    'dalio.yaml: policy.calendar: "weekly" is not a calendar period, use one of none, monthly, quarterly, yearly',
  ],
  [
    'an unknown notification channel',
    'notifications:\n  channels:\n    - kind: slack\n',
    'dalio.yaml: notifications.channels[0].kind: "slack" is not a channel kind, use one of console, file, webhook, email',
  ],
  [
    'a webhook without url',
    'notifications:\n  channels:\n    - kind: console\n    - kind: webhook\n',
    'dalio.yaml: notifications.channels[1].url: missing, expected an http(s) URL',
  ],
  [
    'an unknown key inside a channel',
    'notifications:\n  channels:\n    - { kind: file, path: a.log, rotate: true }\n',
    'dalio.yaml: notifications.channels[0].rotate: unknown key, use one of kind, path',
  ],
  [
    'no notification channel',
    'notifications:\n  channels: []\n',
    'dalio.yaml: notifications.channels: the list is empty, add at least one entry',
  ],
  [
    'a run time before the open',
    'schedule:\n  timeEt: "09:00"\n',
    'dalio.yaml: schedule.timeEt: "09:00" is outside market hours, use a time between 09:30 and 15:45 ET',
  ],
  [
    'a run time that is not a time',
    'schedule:\n  timeEt: "25:00"\n',
    'dalio.yaml: schedule.timeEt: "25:00" is not a time, use HH:MM in US Eastern time such as "10:00"',
  ],
  [
    'tiers out of order',
    'live:\n  tiers: [5000, 1000]\n',
    'dalio.yaml: live.tiers: [5000,1000] is not in increasing order, list the tiers from smallest to largest (e.g. [1000, 5000])',
  ],
  [
    'an s3 section without bucket',
    'backup:\n  s3: {}\n',
    'dalio.yaml: backup.s3.bucket: missing, expected a bucket name',
  ],
  [
    'a max weight below the largest target',
    'risk:\n  maxWeightPct: 30\n',
    'dalio.yaml: risk.maxWeightPct: 30 is below the largest target (VTI 40 %), so every rebalance would be blocked; raise it or change the allocation',
  ],
  [
    'band-edge without a band',
    'policy: { absoluteBandPct: off, relativeBandPct: off, calendar: monthly }\nplan: { tradeTo: band-edge }\n',
    'dalio.yaml: plan.tradeTo: band-edge needs a band but every band in policy is off, set policy.absoluteBandPct or relativeBandPct, or use tradeTo: target',
  ],
  [
    'backups inside the state directory',
    'paths: { stateDir: /var/lib/dalio }\nbackup: { local: { dir: /var/lib/dalio/backups } }\n',
    'dalio.yaml: backup.local.dir: /var/lib/dalio/backups is inside the state directory /var/lib/dalio, put backups outside it so a lost state directory does not take them along',
  ],
  [
    'a dashboard open to the network without a token',
    'dashboard:\n  host: 0.0.0.0\n',
    'dalio.yaml: dashboard.host: 0.0.0.0 is reachable from other machines but no token is set, set DALIO_DASHBOARD_TOKEN or dashboard.tokenFile, or bind 127.0.0.1',
  ],
  ['the empty file', '', 'dalio.yaml: the file is empty, remove it or add settings (see dalio.example.yaml)'],
  [
    'a file of comments only',
    '# mode: live\n',
    'dalio.yaml: the file is empty, remove it or add settings (see dalio.example.yaml)',
  ],
  [
    'not YAML',
    'mode: paper\npolicy:\n  absoluteBandPct: [5,\n',
    'dalio.yaml: not valid YAML at line 4 column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ],
  [
    'a duplicate key',
    'mode: paper\nmode: live\n',
    'dalio.yaml: not valid YAML at line 2 column 1: Map keys must be unique',
  ],
  [
    'a list at the top level',
    '- mode: paper\n',
    'dalio.yaml: expected a mapping of settings such as "mode: paper" at the top level, got a list',
  ],
  [
    'a fill timeout that runs into the close buffer (engine review defect 2)',
    'schedule: { timeEt: "15:30" }\nbroker: { fillTimeoutMs: 1800000 }\n',
    'dalio.yaml: broker.fillTimeoutMs: 1800000 ms (30 min) of waiting for the sells after the 15:30 ET run ends after 15:45 ET, where closeBufferMinutes 15 stops new orders, so the buys could never be sent; use at most 900000 or an earlier schedule.timeEt',
  ],
  [
    'plain text',
    'hello world\n',
    'dalio.yaml: expected a mapping of settings such as "mode: paper" at the top level, got "hello world"',
  ],
];

describe('an invalid config file gives one line that names the key, the bad value and the fix', () => {
  test.each(cases)('%s', (_name, text, expected) => {
    const error = errorOf(text);
    expect(error.message).toBe(expected);
    expect(error.message).not.toContain('\n');
    expect(error.name).toBe('ConfigError');
    expect(error.source).toBe('dalio.yaml');
  });
});

describe('ConfigError', () => {
  test('carries the dotted key of the bad setting and the file', () => {
    const error = errorOf('policy:\n  absoluteBandPct: -5\n');
    expect(error.key).toBe('policy.absoluteBandPct');
    expect(error.source).toBe('dalio.yaml');
    expect(error.cause).toBeDefined();
  });

  test('reports the first problem in the message and every problem in issues', () => {
    const error = errorOf('policy:\n  absoluteBandPct: -5\nrisk:\n  maxDrawdownPct: lots\n');
    expect(error.message).toBe(
      'dalio.yaml: policy.absoluteBandPct: -5 is negative, must be between 0 and 100',
    );
    expect(error.issues).toEqual([
      'dalio.yaml: policy.absoluteBandPct: -5 is negative, must be between 0 and 100',
      'dalio.yaml: risk.maxDrawdownPct: expected a number between 0.1 and 100, got "lots"',
    ]);
  });

  test('has no key for problems with the whole file', () => {
    expect(errorOf('').key).toBeNull();
  });

  test('keeps a long pasted value short and on one line', () => {
    const error = errorOf(`risk:\n  maxOrderUsd: "${'x'.repeat(200)}\\nmore"\n`);
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(200);
  });
});
