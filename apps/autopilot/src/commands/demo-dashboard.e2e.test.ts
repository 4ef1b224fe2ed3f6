import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { dalioArgs } from '../../test/child-processes.ts';

const DASHBOARD_LINE =
  /^ {2}dashboard {2}(http:\/\/127\.0\.0\.1:\d+\/)#login=([\w-]+) {2}\(one-time sign-in link\)$/;

describe('dalio demo (npm start) with its dashboard', () => {
  it('prints the dashboard link beside the simulator; the link signs in and the app shows the demo account', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'dalio-demo-dash-')), 'demo');
    const demo = spawn(process.execPath, dalioArgs(['demo', '--dir', dir, '--speed', '40000']), {
      env: { PATH: process.env.PATH, HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    try {
      const lines = createInterface({ input: demo.stdout });
      const found = await new Promise<RegExpExecArray>((resolve, reject) => {
        lines.on('line', (line) => {
          const match = DASHBOARD_LINE.exec(line);
          if (match) resolve(match);
        });
        demo.once('exit', (code) => reject(new Error(`the demo exited (${code}) without a dashboard line`)));
      });
      const [, url = '', code = ''] = found;
      const origin = new URL(url).origin;
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root"><\/div>/);
      const signIn = await fetch(new URL('/api/session', origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ code }),
      });
      expect(signIn.status).toBe(200);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const status = await fetch(new URL('/api/status', origin), { headers: { cookie } });
      expect(await status.json()).toMatchObject({ mode: 'paper', state: { ok: true } });
    } finally {
      demo.kill('SIGINT');
    }
    expect(await exit).toBe(0);
  }, 120_000);
});
