import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { describeConfig } from './describe-config.ts';
import { ConfigError } from './errors.ts';
import { defaultConfig, parseConfig } from './load-config.ts';

let dir: string;
const home = { HOME: '/home/ada' };
const keys = { APCA_API_KEY_ID: 'AKLIVEKEYID123', APCA_API_SECRET_KEY: 'live-secret-0123456789' };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dalio-secrets-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function parse(text: string, env: Record<string, string> = home) {
  return parseConfig(text, join(dir, 'dalio.yaml'), env, { cwd: dir });
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message.replace(`${dir}/`, '');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function writeSecret(name: string, text: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

describe('Alpaca key file', () => {
  const keyText = '# paper keys\nAPCA_API_KEY_ID=PKFROMFILE\nexport APCA_API_SECRET_KEY="file-secret"\n';

  test('a 0600 key file is read and selects Alpaca', () => {
    writeSecret('alpaca.env', keyText, 0o600);
    const config = parse('broker:\n  alpaca:\n    keyFile: alpaca.env\n');
    expect(config.broker.kind).toBe('alpaca');
    expect(config.broker.alpaca).toMatchObject({
      keyId: 'PKFROMFILE',
      secretKey: 'file-secret',
      paper: true,
    });
  });

  test('a 0400 key file is accepted too', () => {
    writeSecret('alpaca.env', keyText, 0o400);
    expect(parse('broker: { alpaca: { keyFile: alpaca.env } }\n').broker.alpaca.keyId).toBe('PKFROMFILE');
  });

  test('a key file other users can read (0644) is refused with the chmod to run', () => {
    const path = writeSecret('alpaca.env', keyText, 0o644);
    expect(messageOf(() => parse('broker:\n  alpaca:\n    keyFile: alpaca.env\n'))).toBe(
      `dalio.yaml: broker.alpaca.keyFile: ${path} can be read by other users (mode 0644), run chmod 600 ${path}`,
    );
  });

  test('a group-readable key file (0640) is refused', () => {
    writeSecret('alpaca.env', keyText, 0o640);
    expect(messageOf(() => parse('broker: { alpaca: { keyFile: alpaca.env } }\n'))).toContain('(mode 0640)');
  });

  test('a missing key file is an error, not "no keys"', () => {
    expect(messageOf(() => parse('broker: { alpaca: { keyFile: nope.env } }\n'))).toBe(
      `dalio.yaml: broker.alpaca.keyFile: ${join(dir, 'nope.env')} cannot be read (ENOENT), create it with mode 0600`,
    );
  });

  test('a key file without the secret names what is missing and never echoes its content', () => {
    writeSecret('alpaca.env', 'APCA_API_KEY_ID=PKONLY\n', 0o600);
    const message = messageOf(() => parse('broker: { alpaca: { keyFile: alpaca.env } }\n'));
    expect(message).toBe(
      `dalio.yaml: broker.alpaca.keyFile: ${join(dir, 'alpaca.env')} has no APCA_API_SECRET_KEY, write APCA_API_KEY_ID=... and APCA_API_SECRET_KEY=... lines`,
    );
    writeSecret('bad.env', 'just-the-secret-value\n', 0o600);
    expect(messageOf(() => parse('broker: { alpaca: { keyFile: bad.env } }\n'))).not.toContain(
      'just-the-secret-value',
    );
  });

  test('keys in the environment win over the key file', () => {
    writeSecret('alpaca.env', keyText, 0o600);
    const config = parse('broker: { alpaca: { keyFile: alpaca.env } }\n', { ...home, ...keys });
    expect(config.broker.alpaca.keyId).toBe('AKLIVEKEYID123');
  });

  test('a secret written into the YAML is refused without repeating it', () => {
    const message = messageOf(() => parse('broker:\n  alpaca:\n    secretKey: hunter2-secret\n'));
    expect(message).toBe(
      'dalio.yaml: broker.alpaca.secretKey: not allowed here, API keys do not belong in the config file, set APCA_API_KEY_ID and APCA_API_SECRET_KEY in the environment or point broker.alpaca.keyFile at a file with mode 0600',
    );
    expect(message).not.toContain('hunter2');
  });
});

describe('broker kind and live mode', () => {
  test('broker.kind: alpaca without keys names the environment variables', () => {
    expect(messageOf(() => parse('broker: { kind: alpaca }\n'))).toBe(
      'dalio.yaml: broker.kind: alpaca needs API keys but none are set, set APCA_API_KEY_ID and APCA_API_SECRET_KEY in the environment or point broker.alpaca.keyFile at a file with mode 0600',
    );
  });

  test('a config file that names no broker and finds no keys is an error, never a silent simulator', () => {
    expect(messageOf(() => parse('risk: { maxDailyLossPct: 4 }\n'))).toBe(
      'dalio.yaml: broker.kind: not set and no Alpaca keys found (APCA_API_KEY_ID and APCA_API_SECRET_KEY are unset), so there is no broker to trade; set APCA_API_KEY_ID and APCA_API_SECRET_KEY (e.g. in the secrets file), or set broker.kind: simulator to paper-trade on the built-in simulator',
    );
    expect(parse('broker: { kind: simulator }\n').broker.kind).toBe('simulator');
  });

  test('DALIO_ALPACA_BASE_URL without keys is an error, with or without a config file', () => {
    const env = { ...home, DALIO_ALPACA_BASE_URL: 'http://127.0.0.1:8788' };
    const expected =
      'environment: DALIO_ALPACA_BASE_URL: is set but APCA_API_KEY_ID and APCA_API_SECRET_KEY are not; set both keys (any pair works for `dalio sim`), or unset DALIO_ALPACA_BASE_URL';
    expect(messageOf(() => parse('mode: paper\n', env))).toBe(expected);
    expect(messageOf(() => defaultConfig(env, { cwd: dir }))).toBe(expected);
  });

  test('DALIO_ALPACA_BASE_URL with broker.kind: simulator is a contradiction, not ignored', () => {
    const env = { ...home, ...keys, DALIO_ALPACA_BASE_URL: 'http://127.0.0.1:8788' };
    expect(messageOf(() => parse('broker: { kind: simulator }\n', env))).toBe(
      'environment: DALIO_ALPACA_BASE_URL: is set but broker.kind is simulator (the built-in one needs no URL); unset it or set broker.kind: alpaca',
    );
  });

  test('broker.kind: simulator stays the simulator even when keys are set', () => {
    expect(parse('broker: { kind: simulator }\n', { ...home, ...keys }).broker.kind).toBe('simulator');
  });

  test('mode: live trades at Alpaca with paper off and its own state directory', () => {
    const config = parse('mode: live\n', { ...home, ...keys });
    expect(config.mode).toBe('live');
    expect(config.broker.kind).toBe('alpaca');
    expect(config.broker.alpaca.paper).toBe(false);
    expect(config.paths.stateDir).toBe('/home/ada/.local/share/dalio-lite/live');
    expect(config.backup.local.dir).toBe('/home/ada/.local/share/dalio-lite/backups-live');
    expect(config.live).toMatchObject({
      tiers: [1000, 5000],
      tierDays: 7,
      requiredPaperDays: 30,
      paperStateDir: '/home/ada/.local/share/dalio-lite/paper',
      soakReport: '/home/ada/.local/share/dalio-lite/soak-report.json',
    });
  });

  test('live.confirmed in the file is refused: the confirmation is typed at `dalio live enable`', () => {
    expect(messageOf(() => parse('mode: live\nlive: { confirmed: true }\n', { ...home, ...keys }))).toBe(
      'dalio.yaml: live.confirmed: not allowed here, live trading is confirmed by typing the account number at `dalio live enable --tier 1`, never in the file',
    );
  });

  test('a live state directory that is also the paper one is refused: paper and live never share state', () => {
    const env = { ...home, ...keys, DALIO_STATE_DIR: '/srv/dalio/paper' };
    expect(messageOf(() => parse('mode: live\nlive: { paperStateDir: /srv/dalio/paper }\n', env))).toBe(
      'dalio.yaml: live.paperStateDir: /srv/dalio/paper is also the live state directory, paper and live never share state: point paths.stateDir (or DALIO_STATE_DIR) at another directory',
    );
  });

  test('mode: live without keys is an error', () => {
    expect(messageOf(() => parse('mode: live\n'))).toBe(
      'dalio.yaml: mode: live needs Alpaca API keys but none are set, set APCA_API_KEY_ID and APCA_API_SECRET_KEY in the environment or point broker.alpaca.keyFile at a file with mode 0600',
    );
  });

  test('mode: live with the simulator is an error', () => {
    expect(messageOf(() => parse('mode: live\nbroker: { kind: simulator }\n', { ...home, ...keys }))).toBe(
      'dalio.yaml: broker.kind: the simulator is paper money only, set broker.kind: alpaca for mode: live or use mode: paper',
    );
  });

  test("live mode pointed at Alpaca's paper API is refused: paper and live never mix", () => {
    const env = { ...home, ...keys, DALIO_ALPACA_BASE_URL: 'https://paper-api.alpaca.markets' };
    expect(messageOf(() => parse('mode: live\n', env))).toBe(
      "environment: DALIO_ALPACA_BASE_URL: https://paper-api.alpaca.markets is Alpaca's paper API but mode is live, paper and live never mix: remove it or use mode: paper",
    );
  });

  test("paper mode pointed at Alpaca's live API is refused", () => {
    expect(
      messageOf(() =>
        parse('broker: { alpaca: { baseUrl: "https://api.alpaca.markets" } }\n', { ...home, ...keys }),
      ),
    ).toBe(
      "dalio.yaml: broker.alpaca.baseUrl: https://api.alpaca.markets is Alpaca's live API but mode is paper, paper and live never mix: remove it or set mode: live",
    );
  });

  test('paper: in the file is refused because mode decides it', () => {
    expect(messageOf(() => parse('broker: { alpaca: { paper: false } }\n'))).toBe(
      'dalio.yaml: broker.alpaca.paper: not allowed here, paper is derived from mode, set mode: live at the top of the file to trade real money',
    );
  });
});

describe('dashboard token', () => {
  const token = 'aaaaaaaa-dashboard-token-xyz';

  test('comes from DALIO_DASHBOARD_TOKEN and allows a non-loopback bind', () => {
    const config = parse('dashboard: { host: 0.0.0.0 }\n', {
      ...home,
      ...keys,
      DALIO_DASHBOARD_TOKEN: token,
    });
    expect(config.dashboard).toEqual({ host: '0.0.0.0', port: 8787, token, readOnlyWithoutToken: false });
  });

  test('comes from a 0600 token file', () => {
    writeSecret('token', `${token}\n`, 0o600);
    expect(parse('dashboard: { tokenFile: token }\n', { ...home, ...keys }).dashboard.token).toBe(token);
  });

  test('a world-readable token file is refused', () => {
    writeSecret('token', token, 0o644);
    expect(messageOf(() => parse('dashboard: { tokenFile: token }\n', { ...home, ...keys }))).toContain(
      'can be read by other users (mode 0644)',
    );
  });

  test('a short token is refused without repeating it', () => {
    const message = messageOf(() =>
      parse('mode: paper\n', { ...home, ...keys, DALIO_DASHBOARD_TOKEN: 'pw123' }),
    );
    expect(message).toBe(
      'environment: DALIO_DASHBOARD_TOKEN: is 5 characters, use at least 16 random characters (e.g. openssl rand -hex 32)',
    );
  });
});

describe('describeConfig', () => {
  test('replaces every secret with *** and keeps the rest', () => {
    const token = 'dashboard-token-0123456789';
    const webhook = 'https://hooks.example.com/services/T000/B000/XXXXSECRET';
    const config = parse(
      [
        'dashboard: { host: 0.0.0.0 }',
        `notifications: { channels: [{ kind: console }, { kind: webhook, url: "${webhook}" }] }`,
        'broker: { alpaca: { baseUrl: "https://proxyuser:proxypass@proxy.example.com" } }',
      ].join('\n'),
      { ...home, ...keys, DALIO_DASHBOARD_TOKEN: token },
    );
    const described = describeConfig(config);
    const text = JSON.stringify(described);
    for (const secret of [keys.APCA_API_KEY_ID, keys.APCA_API_SECRET_KEY, token, 'XXXXSECRET', 'proxypass']) {
      expect(text).not.toContain(secret);
    }
    expect(described).toMatchObject({
      mode: 'paper',
      broker: { kind: 'alpaca', alpaca: { keyId: '***', secretKey: '***', paper: true } },
      dashboard: { token: '***', host: '0.0.0.0' },
      notifications: { channels: [{ kind: 'console' }, { kind: 'webhook', url: '***' }] },
    });
  });

  test('shows null, not ***, for secrets that are not set', () => {
    const described = describeConfig(parse('broker: { kind: simulator }\n')) as {
      broker: { alpaca: { keyId: unknown } };
    };
    expect(described.broker.alpaca.keyId).toBeNull();
  });
});
