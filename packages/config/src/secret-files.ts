import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from './errors.ts';

/** Where a secret file was named, for the error message. */
export interface SecretFileOrigin {
  source: string;
  key: string;
}

/**
 * Read a file that holds a secret. Refused unless it is a regular file that only its owner can read
 * (mode 0600 or 0400), so a key left world-readable never gets used.
 */
export function readSecretFile(path: string, origin: SecretFileOrigin): string {
  const fail = (problem: string, cause?: unknown): never => {
    throw new ConfigError({ source: origin.source, key: origin.key, problem, cause });
  };
  let mode = 0;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) fail(`${path} is not a file, point it at a file with mode 0600`);
    mode = stats.mode & 0o777;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    fail(
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}), create it with mode 0600`,
      error,
    );
  }
  if ((mode & 0o077) !== 0) {
    fail(
      `${path} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}), run chmod 600 ${path}`,
    );
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return fail(`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, error);
  }
}

/** Alpaca keys read from a key file. */
export interface AlpacaKeys {
  keyId: string;
  secretKey: string;
}

/**
 * Parse a key file of `NAME=value` lines (`#` comments, optional `export` and quotes) holding
 * APCA_API_KEY_ID and APCA_API_SECRET_KEY — the same names as the environment.
 */
export function parseKeyFile(text: string, path: string, origin: SecretFileOrigin): AlpacaKeys {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      // Never echo the line: it may hold the secret.
      throw new ConfigError({
        ...origin,
        problem: `${path} has a line that is not NAME=value, write APCA_API_KEY_ID=... and APCA_API_SECRET_KEY=... lines`,
      });
    }
    const [, name = '', value = ''] = match;
    values.set(name, value.replace(/^(['"])(.*)\1$/, '$2'));
  }
  const keyId = values.get('APCA_API_KEY_ID') ?? '';
  const secretKey = values.get('APCA_API_SECRET_KEY') ?? '';
  if (keyId === '' || secretKey === '') {
    const missing = keyId === '' ? 'APCA_API_KEY_ID' : 'APCA_API_SECRET_KEY';
    throw new ConfigError({
      ...origin,
      problem: `${path} has no ${missing}, write APCA_API_KEY_ID=... and APCA_API_SECRET_KEY=... lines`,
    });
  }
  return { keyId, secretKey };
}
