import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DashboardSetupError } from '../errors.ts';
import { randomSecret } from './secret-compare.ts';

/** File name of the generated token, in the state directory (mode 0600). */
export const GENERATED_TOKEN_FILE = 'dashboard-token';

/** The token the dashboard accepts, and where it came from. */
export interface DashboardToken {
  token: string;
  /** `configured`: DALIO_DASHBOARD_TOKEN or dashboard.tokenFile; `stored`/`generated`: the file in the state dir. */
  source: 'configured' | 'stored' | 'generated';
  /** The generated token's file, null for a configured token. */
  path: string | null;
}

/**
 * The configured token, or the one stored in the state directory, or a new one written there 0600 on first
 * start (`generated`: the caller prints it once). A stored file readable by others is refused, as the config
 * refuses a token file that is.
 */
export async function resolveDashboardToken(options: {
  configured: string | null;
  stateDir: string;
  newSecret?: () => string;
}): Promise<DashboardToken> {
  if (options.configured !== null) return { token: options.configured, source: 'configured', path: null };
  const path = join(options.stateDir, GENERATED_TOKEN_FILE);
  const existing = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing) {
    if ((existing.mode & 0o077) !== 0) {
      throw new DashboardSetupError(
        'dashboard token',
        `${path} is readable by other users (mode ${(existing.mode & 0o777).toString(8)}); run chmod 600 ${path}`,
      );
    }
    const token = (await readFile(path, 'utf8')).trim();
    if (token.length >= 16) return { token, source: 'stored', path };
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const token = (options.newSecret ?? randomSecret)();
  // 'w' with mode 0600: a new file is created private; chmod covers one that existed with a short token.
  const handle = await open(path, 'w', 0o600);
  try {
    await handle.writeFile(`${token}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(path, 0o600);
  return { token, source: 'generated', path };
}
