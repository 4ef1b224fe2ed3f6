import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dalioArgs } from './child-processes.ts';

/** The dashboard token of the e2e dashboards (set through DALIO_DASHBOARD_TOKEN, as an operator would). */
export const E2E_DASHBOARD_TOKEN = 'e2e-dashboard-token-0123456789abcdef';

/** A `dalio dashboard` child process on a free port. */
export interface DashboardChild {
  url: string;
  loginUrl: string;
  process: ChildProcess;
  stderr(): string;
  /** Sign in over HTTP with the token: the cookie and CSRF token a browser would hold. */
  signIn(): Promise<{ cookie: string; csrfToken: string }>;
  /** POST an action as that signed-in client. */
  act(path: string, body: unknown, as: { cookie: string; csrfToken: string }): Promise<Response>;
  stop(): Promise<void>;
}

/** Start `dalio dashboard --port 0 --json` in the scenario's environment and wait for its start-up line. */
export async function startDashboardChild(
  env: NodeJS.ProcessEnv,
  extraArgs: readonly string[] = [],
): Promise<DashboardChild> {
  const child = spawn(process.execPath, dalioArgs(['dashboard', '--port', '0', '--json', ...extraArgs]), {
    env: { DALIO_DASHBOARD_TOKEN: E2E_DASHBOARD_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const facts = await new Promise<{ url: string; loginUrl: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => resolve(JSON.parse(line) as { url: string; loginUrl: string }));
    child.once('exit', (code) =>
      reject(new Error(`dalio dashboard exited (${code}) before starting: ${stderr}`)),
    );
  });
  const origin = new URL(facts.url).origin;
  return {
    ...facts,
    process: child,
    stderr: () => stderr,
    async signIn() {
      const response = await fetch(new URL('/api/session', origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ token: env.DALIO_DASHBOARD_TOKEN ?? E2E_DASHBOARD_TOKEN }),
      });
      if (response.status !== 200) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const { csrfToken } = (await response.json()) as { csrfToken: string };
      return { cookie, csrfToken };
    },
    act: (path, body, as) =>
      fetch(new URL(path, origin), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin,
          cookie: as.cookie,
          'x-csrf-token': as.csrfToken,
        },
        body: JSON.stringify(body),
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
