import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConfigError } from './errors.ts';
import { defaultConfig, loadConfig, parseConfig } from './load-config.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dalio-config-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const home = { HOME: '/home/ada' };
const keys = { APCA_API_KEY_ID: 'PKTESTKEYID', APCA_API_SECRET_KEY: 'test-secret-value' };
/** A user with Alpaca keys: a config file that names no broker trades Alpaca paper. */
const withKeys = { ...home, ...keys };

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('which file is read', () => {
  test('with no file anywhere, every default applies and the source is null', () => {
    const config = loadConfig({ env: home, cwd: dir });
    expect(config.source).toBeNull();
    expect(config).toEqual(defaultConfig(home, { cwd: dir }));
  });

  test('dalio.yaml in the working directory is found', () => {
    writeFileSync(join(dir, 'dalio.yaml'), 'allocation:\n  preset: sixty-forty\n');
    const config = loadConfig({ env: withKeys, cwd: dir });
    expect(config.source).toBe(join(dir, 'dalio.yaml'));
    expect(config.allocation).toEqual({ preset: 'sixty-forty', targets: { VTI: 0.6, AGG: 0.4 } });
  });

  test('DALIO_CONFIG wins over dalio.yaml in the working directory', () => {
    writeFileSync(join(dir, 'dalio.yaml'), 'allocation: { preset: sixty-forty }\n');
    writeFileSync(join(dir, 'other.yaml'), 'allocation: { preset: permanent }\n');
    const config = loadConfig({ env: { ...withKeys, DALIO_CONFIG: 'other.yaml' }, cwd: dir });
    expect(config.allocation.preset).toBe('permanent');
  });

  test('an explicit path wins over DALIO_CONFIG', () => {
    writeFileSync(join(dir, 'env.yaml'), 'allocation: { preset: sixty-forty }\n');
    writeFileSync(join(dir, 'flag.yaml'), 'allocation: { preset: all-weather }\n');
    const config = loadConfig({
      path: join(dir, 'flag.yaml'),
      env: { ...withKeys, DALIO_CONFIG: 'env.yaml' },
      cwd: dir,
    });
    expect(config.allocation.preset).toBe('all-weather');
    expect(config.source).toBe(join(dir, 'flag.yaml'));
  });

  test('an explicit path that does not exist is an error, not the defaults', () => {
    expect(messageOf(() => loadConfig({ path: 'missing.yaml', env: home, cwd: dir }))).toBe(
      'missing.yaml: the file does not exist, check the --config path',
    );
  });

  test('a DALIO_CONFIG that does not exist is an error, not the defaults', () => {
    expect(messageOf(() => loadConfig({ env: { ...home, DALIO_CONFIG: 'gone.yaml' }, cwd: dir }))).toBe(
      `environment: DALIO_CONFIG: ${join(dir, 'gone.yaml')} does not exist, point DALIO_CONFIG at your dalio.yaml or unset it`,
    );
  });

  test('errors name the file as the user gave it', () => {
    writeFileSync(join(dir, 'dalio.yaml'), 'policy:\n  absoluteBandPct: -5\n');
    expect(messageOf(() => loadConfig({ env: home, cwd: dir }))).toBe(
      'dalio.yaml: policy.absoluteBandPct: -5 is negative, must be between 0 and 100',
    );
  });

  test('a directory given as the config is a clear error', () => {
    expect(messageOf(() => loadConfig({ path: dir, env: home, cwd: dir }))).toBe(
      `${dir}: is a directory, point at the dalio.yaml file inside it`,
    );
  });
});

describe('percent in the file, fractions in the resolved config', () => {
  test('bands, reserve and risk limits are converted for core', () => {
    const config = parseConfig(
      [
        'policy: { absoluteBandPct: 10, relativeBandPct: off, calendar: quarterly, minDaysBetween: 7 }',
        'plan: { cashReservePct: 2, minTradeUsd: 50, tradeTo: band-edge, wholeShares: true }',
        'risk: { maxDailyLossPct: 3, maxDrawdownPct: 20, maxOrderUsd: 2500, maxTurnoverPct: 50, maxWeightPct: 45 }',
      ].join('\n'),
      'dalio.yaml',
      withKeys,
      { cwd: dir },
    );
    expect(config.policy).toEqual({
      absoluteBand: 0.1,
      relativeBand: null,
      calendar: 'quarterly',
      minDaysBetween: 7,
    });
    expect(config.plan).toEqual({
      minTradeUsd: 50,
      cashReserveUsd: 0,
      cashReservePct: 0.02,
      tradeTo: 'band-edge',
      nonTargetHoldings: 'ignore',
      wholeShares: true,
      buyPriceAllowance: 0.001,
    });
    expect(config.risk).toEqual({
      maxDailyLoss: 0.03,
      maxDrawdown: 0.2,
      maxOrderUsd: 2500,
      maxTurnover: 0.5,
      maxWeight: 0.45,
      capitalCapUsd: null,
    });
  });

  test('custom targets in percent or fractions normalise to the same weights', () => {
    const percent = parseConfig('allocation:\n  targets: { VTI: 50, TLT: 50 }\n', 'dalio.yaml', withKeys, {
      cwd: dir,
    });
    const fractions = parseConfig(
      'allocation:\n  targets: { VTI: 0.5, TLT: 0.5 }\n',
      'dalio.yaml',
      withKeys,
      {
        cwd: dir,
      },
    );
    expect(percent.allocation).toEqual({ preset: 'custom', targets: { VTI: 0.5, TLT: 0.5 } });
    expect(fractions.allocation).toEqual(percent.allocation);
  });
});

describe('defaults', () => {
  test('without Alpaca keys: the built-in simulator, paper mode, its own state under ~/.local/share', () => {
    const config = defaultConfig(home, { cwd: dir });
    expect(config.mode).toBe('paper');
    expect(config.broker.kind).toBe('simulator');
    expect(config.broker.alpaca.keyId).toBeNull();
    expect(config.paths.stateDir).toBe('/home/ada/.local/share/dalio-lite/simulator');
    expect(config.backup.local.dir).toBe('/home/ada/.local/share/dalio-lite/backups-simulator');
    expect(config.allocation).toEqual({
      preset: 'dalio-lite',
      targets: { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 },
    });
    expect(config.policy).toEqual({
      absoluteBand: 0.05,
      relativeBand: 0.25,
      calendar: null,
      minDaysBetween: 30,
    });
    expect(config.risk.maxDailyLoss).toBe(0.05);
    expect(config.risk.maxDrawdown).toBe(0.3);
    expect(config.dashboard).toEqual({
      host: '127.0.0.1',
      port: 8787,
      token: null,
      readOnlyWithoutToken: false,
    });
  });

  test('with Alpaca keys: Alpaca paper trading', () => {
    const config = defaultConfig({ ...home, ...keys }, { cwd: dir });
    expect(config.broker.kind).toBe('alpaca');
    expect(config.broker.alpaca).toMatchObject({
      keyId: 'PKTESTKEYID',
      secretKey: 'test-secret-value',
      paper: true,
    });
  });

  test('the default state directory differs for the simulator, Alpaca paper and Alpaca live (engine review defect 4)', () => {
    const simulator = defaultConfig(home, { cwd: dir });
    const paper = defaultConfig({ ...home, ...keys }, { cwd: dir });
    expect(simulator.paths.stateDir).toBe('/home/ada/.local/share/dalio-lite/simulator');
    expect(paper.paths.stateDir).toBe('/home/ada/.local/share/dalio-lite/paper');
    expect(simulator.backup.local.dir).toBe('/home/ada/.local/share/dalio-lite/backups-simulator');
    const live = parseConfig('mode: live\n', 'dalio.yaml', { ...home, ...keys }, { cwd: dir });
    expect(live.paths.stateDir).toBe('/home/ada/.local/share/dalio-lite/live');
  });

  test('XDG_DATA_HOME moves the default state directory', () => {
    const config = defaultConfig({ ...home, XDG_DATA_HOME: '/data' }, { cwd: dir });
    expect(config.paths.stateDir).toBe('/data/dalio-lite/simulator');
  });

  test('without HOME there is no default state directory, and the error says what to set', () => {
    expect(messageOf(() => defaultConfig({}, { cwd: dir }))).toBe(
      'environment: HOME: not set, so there is no default state directory; set HOME, DALIO_STATE_DIR or paths.stateDir',
    );
  });
});

describe('environment overrides', () => {
  test('DALIO_STATE_DIR wins over the file and resolves against the working directory', () => {
    const config = parseConfig(
      'paths: { stateDir: /var/lib/dalio }\n',
      'dalio.yaml',
      { ...withKeys, DALIO_STATE_DIR: 'st' },
      {
        cwd: dir,
      },
    );
    expect(config.paths.stateDir).toBe(join(dir, 'st'));
  });

  test('relative paths in the file resolve against the file, not the working directory', () => {
    mkdirSync(join(dir, 'etc'));
    writeFileSync(
      join(dir, 'etc', 'dalio.yaml'),
      'paths: { stateDir: state }\nlogging: { file: logs/dalio.log }\nnotifications: { channels: [{ kind: file, path: alerts.log }] }\n',
    );
    const config = loadConfig({ path: 'etc/dalio.yaml', env: withKeys, cwd: dir });
    expect(config.paths.stateDir).toBe(join(dir, 'etc', 'state'));
    expect(config.backup.local.dir).toBe(join(dir, 'etc', 'backups-paper'));
    expect(config.logging.file).toBe(join(dir, 'etc', 'logs', 'dalio.log'));
    expect(config.notifications.channels).toEqual([{ kind: 'file', path: join(dir, 'etc', 'alerts.log') }]);
  });

  test('DALIO_ALPACA_BASE_URL points the Alpaca adapter elsewhere', () => {
    const config = defaultConfig(
      { ...home, ...keys, DALIO_ALPACA_BASE_URL: 'http://127.0.0.1:8788/' },
      { cwd: dir },
    );
    expect(config.broker.alpaca.baseUrl).toBe('http://127.0.0.1:8788');
  });

  test('DALIO_ALPACA_BASE_URL wins over the file', () => {
    const config = parseConfig(
      'broker:\n  alpaca:\n    baseUrl: https://proxy.example.com\n',
      'dalio.yaml',
      { ...withKeys, DALIO_ALPACA_BASE_URL: 'http://127.0.0.1:9999' },
      { cwd: dir },
    );
    expect(config.broker.alpaca.baseUrl).toBe('http://127.0.0.1:9999');
  });

  test('a DALIO_ALPACA_BASE_URL that is not http(s) is refused', () => {
    expect(
      messageOf(() => defaultConfig({ ...home, DALIO_ALPACA_BASE_URL: 'localhost:8788' }, { cwd: dir })),
    ).toBe(
      'environment: DALIO_ALPACA_BASE_URL: "localhost:8788" is not an http(s) URL, use e.g. http://127.0.0.1:8788',
    );
  });

  test('only one of the two Alpaca keys is an error naming the missing one', () => {
    expect(messageOf(() => defaultConfig({ ...home, APCA_API_KEY_ID: 'PK1' }, { cwd: dir }))).toBe(
      'environment: APCA_API_SECRET_KEY: not set while APCA_API_KEY_ID is, set both APCA_API_KEY_ID and APCA_API_SECRET_KEY or neither',
    );
  });

  test('empty environment variables count as unset', () => {
    const config = defaultConfig(
      { ...home, APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: ' ', DALIO_STATE_DIR: '' },
      { cwd: dir },
    );
    expect(config.broker.kind).toBe('simulator');
    expect(config.paths.stateDir).toBe('/home/ada/.local/share/dalio-lite/simulator');
  });

  test('the environment cannot switch to live mode', () => {
    const config = defaultConfig(
      { ...home, ...keys, DALIO_MODE: 'live', ALPACA_PAPER: 'false' },
      { cwd: dir },
    );
    expect(config.mode).toBe('paper');
    expect(config.broker.alpaca.paper).toBe(true);
  });
});
