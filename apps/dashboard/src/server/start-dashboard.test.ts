import { chmod, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDashboardHarness, type DashboardHarness, TOKEN } from '../../test/dashboard-harness.ts';
import { GENERATED_TOKEN_FILE } from './auth/dashboard-token.ts';
import { DashboardSetupError } from './errors.ts';
import { type RunningDashboard, type StartDashboardOptions, startDashboard } from './start-dashboard.ts';

let harness: DashboardHarness | null = null;
let running: RunningDashboard | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
  harness?.close();
  harness = null;
});

/** Start the harness's dashboard on 127.0.0.1, a free port, no token configured, API only; or as told. */
function start(overrides: Partial<StartDashboardOptions> = {}): Promise<RunningDashboard> {
  if (!harness) throw new Error('no harness');
  return startDashboard({
    deps: harness.deps,
    host: '127.0.0.1',
    port: 0,
    configuredToken: null,
    webDir: null,
    ...overrides,
  });
}

/** A built web app in miniature: an index page and one hashed asset. */
async function webDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dalio-web-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Dalio Lite</title><div id="root"></div>');
  await writeFile(join(dir, 'assets', 'app-abc123.js'), 'console.log("app")');
  return dir;
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('starting the dashboard', () => {
  it('refuses an address other machines can reach without a configured token, and listens on nothing', async () => {
    harness = await createDashboardHarness();
    const port = 18_000 + (process.pid % 1000);
    for (const host of ['0.0.0.0', '192.168.1.20', '::']) {
      const starting = start({ host, port });
      await expect(starting).rejects.toThrow(DashboardSetupError);
      await expect(starting).rejects.toThrow(
        `dashboard.host ${host} is reachable from other machines but no token is set: set DALIO_DASHBOARD_TOKEN or dashboard.tokenFile, or bind 127.0.0.1`,
      );
    }
    expect(await refusesConnections(port)).toBe(true);
    // No token was generated for it either.
    await expect(stat(join(harness.stateDir, GENERATED_TOKEN_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('binds another address when a token was configured', async () => {
    harness = await createDashboardHarness();
    running = await start({ host: '0.0.0.0', configuredToken: TOKEN });
    expect(running.token).toEqual({ token: TOKEN, source: 'configured', path: null });
    const port = new URL(running.url).port;
    const signedIn = await fetch(`http://127.0.0.1:${port}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(signedIn.status).toBe(200);
  });

  it('generates a token on first start (0600 in the state directory) and keeps it on the next', async () => {
    harness = await createDashboardHarness();
    running = await start();
    const path = join(harness.stateDir, GENERATED_TOKEN_FILE);
    expect(running.token).toMatchObject({ source: 'generated', path });
    expect(running.token.token).toMatch(/^[\w-]{43}$/);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readFile(path, 'utf8')).trim()).toBe(running.token.token);
    const first = running.token.token;
    await running.close();
    running = await start();
    expect(running.token).toMatchObject({ source: 'stored', token: first });
  });

  it('refuses a stored token file that other users can read', async () => {
    harness = await createDashboardHarness();
    const path = join(harness.stateDir, GENERATED_TOKEN_FILE);
    await writeFile(path, 'a-token-of-more-than-sixteen-chars\n');
    await chmod(path, 0o644);
    await expect(start()).rejects.toThrow(
      `${path} is readable by other users (mode 644); run chmod 600 ${path}`,
    );
  });

  it('a port in use is a setup error naming the fix', async () => {
    harness = await createDashboardHarness();
    running = await start({ configuredToken: TOKEN });
    const port = Number(new URL(running.url).port);
    await expect(start({ port, configuredToken: TOKEN })).rejects.toThrow(
      `port ${port} on 127.0.0.1 is in use: pick another with --port or dashboard.port`,
    );
  });

  it('the login link signs one browser in over HTTP, once; its code never reaches the server in a URL', async () => {
    harness = await createDashboardHarness();
    running = await start();
    const link = new URL(running.loginUrl);
    expect(link.pathname).toBe('/');
    expect(link.search).toBe('');
    const code = new URLSearchParams(link.hash.slice(1)).get('login') ?? '';
    const signIn = () =>
      fetch(new URL('/api/session', running?.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: link.origin },
        body: JSON.stringify({ code }),
      });
    const first = await signIn();
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await signIn()).status).toBe(401);
  });

  it('serves the built app under the strict CSP: assets cached for good, every page path the index, never cached', async () => {
    harness = await createDashboardHarness();
    running = await start({ configuredToken: TOKEN, webDir: await webDir() });
    const page = await fetch(new URL('/positions', running.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const asset = await fetch(new URL('/assets/app-abc123.js', running.url));
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(new URL('/api/not-a-route', running.url))).status).toBe(404);
  });
});
