import type { ConfigFile } from './config-schema.ts';
import type { BrokerConfig, TradingMode } from './dalio-config.ts';
import {
  envValue,
  failEnv,
  failFile,
  filePath,
  optionalFilePath,
  type ResolveContext,
} from './resolve-context.ts';
import { isHttpUrl } from './schema-fields.ts';
import { type AlpacaKeys, parseKeyFile, readSecretFile } from './secret-files.ts';

const KEY_VARS = 'APCA_API_KEY_ID and APCA_API_SECRET_KEY';
const PAPER_HOST = 'paper-api.alpaca.markets';
const LIVE_HOST = 'api.alpaca.markets';

/** Alpaca keys from the environment (both or neither), else from the 0600 key file, else null. */
function resolveKeys(file: ConfigFile, context: ResolveContext): AlpacaKeys | null {
  const keyId = envValue(context.env, 'APCA_API_KEY_ID');
  const secretKey = envValue(context.env, 'APCA_API_SECRET_KEY');
  if (keyId !== null && secretKey !== null) return { keyId, secretKey };
  if (keyId !== null)
    failEnv('APCA_API_SECRET_KEY', `not set while APCA_API_KEY_ID is, set both ${KEY_VARS} or neither`);
  if (secretKey !== null)
    failEnv('APCA_API_KEY_ID', `not set while APCA_API_SECRET_KEY is, set both ${KEY_VARS} or neither`);
  const keyFile = file.broker.alpaca.keyFile;
  if (keyFile === null) return null;
  const origin = { source: context.source, key: 'broker.alpaca.keyFile' };
  const path = filePath(context, keyFile);
  return parseKeyFile(readSecretFile(path, origin), path, origin);
}

/**
 * The broker: named in the file, else Alpaca when keys are set, else the built-in simulator — but only when
 * there is no config file at all. A config file that names no broker and finds no keys is an error, never a
 * silent simulator: under systemd a missing secrets file must not turn into paper money that reports success.
 */
function resolveKind(file: ConfigFile, mode: TradingMode, keys: AlpacaKeys | null, context: ResolveContext) {
  if (mode === 'live' && file.broker.kind === 'simulator') {
    failFile(
      context,
      'broker.kind',
      'the simulator is paper money only, set broker.kind: alpaca for mode: live or use mode: paper',
    );
  }
  if (file.broker.kind === null && mode !== 'live' && keys === null && context.sourcePath !== null) {
    failFile(
      context,
      'broker.kind',
      `not set and no Alpaca keys found (${KEY_VARS} are unset), so there is no broker to trade; set ${KEY_VARS} (e.g. in the secrets file), or set broker.kind: simulator to paper-trade on the built-in simulator`,
    );
  }
  const kind = mode === 'live' ? 'alpaca' : (file.broker.kind ?? (keys === null ? 'simulator' : 'alpaca'));
  if (kind === 'alpaca' && keys === null) {
    failFile(
      context,
      mode === 'live' ? 'mode' : 'broker.kind',
      `${mode === 'live' ? 'live needs Alpaca' : 'alpaca needs'} API keys but none are set, set ${KEY_VARS} in the environment or point broker.alpaca.keyFile at a file with mode 0600`,
    );
  }
  return kind;
}

/** The base URL from DALIO_ALPACA_BASE_URL or the file; refuses a paper host in live mode and vice versa. */
function resolveBaseUrl(file: ConfigFile, mode: TradingMode, context: ResolveContext): string | null {
  const fromEnv = envValue(context.env, 'DALIO_ALPACA_BASE_URL');
  if (fromEnv !== null && !isHttpUrl(fromEnv)) {
    failEnv(
      'DALIO_ALPACA_BASE_URL',
      `${JSON.stringify(fromEnv)} is not an http(s) URL, use e.g. http://127.0.0.1:8788`,
    );
  }
  const baseUrl = fromEnv ?? file.broker.alpaca.baseUrl;
  if (baseUrl === null) return null;
  const host = new URL(baseUrl).hostname;
  const fail = (problem: string): never =>
    fromEnv !== null
      ? failEnv('DALIO_ALPACA_BASE_URL', problem)
      : failFile(context, 'broker.alpaca.baseUrl', problem);
  if (mode === 'live' && host === PAPER_HOST) {
    fail(
      `${baseUrl} is Alpaca's paper API but mode is live, paper and live never mix: remove it or use mode: paper`,
    );
  }
  if (mode === 'paper' && host === LIVE_HOST) {
    fail(
      `${baseUrl} is Alpaca's live API but mode is paper, paper and live never mix: remove it or set mode: live`,
    );
  }
  return baseUrl.replace(/\/+$/, '');
}

/** The broker settings with keys, kind and base URL resolved from the environment and the file. */
export function resolveBroker(file: ConfigFile, context: ResolveContext): BrokerConfig {
  const { broker } = file;
  const keys = resolveKeys(file, context);
  const baseUrl = resolveBaseUrl(file, file.mode, context);
  const baseUrlFromEnv = envValue(context.env, 'DALIO_ALPACA_BASE_URL');
  // A base URL says "talk to this Alpaca API": without keys it is a mistake, not a reason to use the simulator.
  if (baseUrlFromEnv !== null && keys === null) {
    failEnv(
      'DALIO_ALPACA_BASE_URL',
      `is set but ${KEY_VARS} are not; set both keys (any pair works for \`dalio sim\`), or unset DALIO_ALPACA_BASE_URL`,
    );
  }
  const kind = resolveKind(file, file.mode, keys, context);
  if (kind === 'simulator' && baseUrlFromEnv !== null) {
    failEnv(
      'DALIO_ALPACA_BASE_URL',
      'is set but broker.kind is simulator (the built-in one needs no URL); unset it or set broker.kind: alpaca',
    );
  }
  return {
    kind,
    alpaca: {
      keyId: keys?.keyId ?? null,
      secretKey: keys?.secretKey ?? null,
      paper: file.mode !== 'live',
      baseUrl,
      dataFeed: broker.alpaca.dataFeed,
    },
    simulator: { ...broker.simulator, dataDir: optionalFilePath(context, broker.simulator.dataDir) },
    orderTimeoutMs: broker.orderTimeoutMs,
    fillTimeoutMs: broker.fillTimeoutMs,
    lookupGraceMs: broker.lookupGraceMs,
  };
}
