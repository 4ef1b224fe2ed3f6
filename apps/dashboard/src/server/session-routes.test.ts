import { afterEach, describe, expect, it } from 'vitest';
import { createDashboardHarness, type DashboardHarness, TOKEN } from '../../test/dashboard-harness.ts';

let harness: DashboardHarness | null = null;
afterEach(() => {
  harness?.close();
  harness = null;
});

async function messageOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: { message: string } }).error.message;
}

describe('signing in to the dashboard', () => {
  it('a visitor without a session is told to sign in, and sees no CSRF token', async () => {
    harness = await createDashboardHarness();
    const session = await harness.request('/api/session');
    expect(await session.json()).toEqual({ signedIn: false, csrfToken: null, publicReadOnly: false });
    const status = await harness.request('/api/status');
    expect(status.status).toBe(401);
    expect(await messageOf(status)).toMatch(/^Sign in first/);
  });

  it('the token buys an HttpOnly SameSite=Strict session cookie and a CSRF token, never echoing the token', async () => {
    harness = await createDashboardHarness();
    const response = await harness.request('/api/session', {
      method: 'POST',
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^dalio_session=[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    expect(cookie).not.toContain(TOKEN);
    const { csrfToken } = JSON.parse(text) as { csrfToken: string };
    const status = await harness.request('/api/status', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(status.status).toBe(200);
    const session = await harness.request('/api/session', {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(await session.json()).toMatchObject({ signedIn: true, csrfToken });
  });

  it('a wrong token is a 401 that names the problem', async () => {
    harness = await createDashboardHarness();
    const response = await harness.post('/api/session', { token: 'not-the-token' }, null);
    expect(response.status).toBe(401);
    expect(await messageOf(response)).toBe('That token is not the dashboard token');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('a login link signs in once; the same link a second time is refused', async () => {
    harness = await createDashboardHarness();
    const code = harness.context.codes.issue();
    expect((await harness.post('/api/session', { code }, null)).status).toBe(200);
    const again = await harness.post('/api/session', { code }, null);
    expect(again.status).toBe(401);
    expect(await messageOf(again)).toBe('That login link was used or has expired');
  });

  it('five wrong tokens lock the client out: even the right token is refused with Retry-After until the lockout ends', async () => {
    let nowMs = Date.parse('2025-03-03T15:00:00Z');
    harness = await createDashboardHarness({ override: () => ({ now: () => new Date(nowMs) }) });
    for (let attempt = 1; attempt <= 4; attempt++)
      expect((await harness.post('/api/session', { token: `wrong-${attempt}` }, null)).status).toBe(401);
    const fifth = await harness.post('/api/session', { token: 'wrong-5' }, null);
    expect(fifth.status).toBe(429);
    expect(await messageOf(fifth)).toBe('Too many failed sign-ins: try again in 900 s');
    const right = await harness.post('/api/session', { token: TOKEN }, null);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBe('900');
    nowMs += 15 * 60_000 + 1_000;
    expect((await harness.post('/api/session', { token: TOKEN }, null)).status).toBe(200);
  });

  it('a bad sign-in body is a 400 naming what is wrong', async () => {
    harness = await createDashboardHarness();
    const numeric = await harness.post('/api/session', { token: 42 }, null);
    expect(numeric.status).toBe(400);
    expect(await messageOf(numeric)).toMatch(/^Bad request: /);
    const extra = await harness.post('/api/session', { token: TOKEN, admin: true }, null);
    expect(extra.status).toBe(400);
    const notJson = await harness.request('/api/session', {
      method: 'POST',
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
  });

  it('signing out needs the CSRF token, then ends the session', async () => {
    harness = await createDashboardHarness();
    const browser = await harness.signIn();
    const forged = await harness.request('/api/session', {
      method: 'DELETE',
      as: browser,
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(forged.status).toBe(403);
    const out = await harness.request('/api/session', { method: 'DELETE', as: browser });
    expect(out.status).toBe(200);
    expect((await harness.request('/api/status', { as: browser })).status).toBe(401);
  });
});
