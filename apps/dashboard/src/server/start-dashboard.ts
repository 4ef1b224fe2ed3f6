import type { AddressInfo } from 'node:net';
import { isLoopbackHost } from '@dalio-lite/config';
import { serve } from '@hono/node-server';
import { LOGIN_FRAGMENT_KEY } from '../shared/protocol.ts';
import { createApi } from './api.ts';
import type { ApiOptions } from './api-context.ts';
import { type DashboardToken, resolveDashboardToken } from './auth/dashboard-token.ts';
import type { DashboardDeps } from './dashboard-deps.ts';
import { DashboardSetupError } from './errors.ts';
import { BUILT_WEB_DIR } from './web-routes.ts';

/** Options of `startDashboard`. */
export interface StartDashboardOptions extends Omit<ApiOptions, 'auth' | 'webDir'> {
  deps: DashboardDeps;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The token from DALIO_DASHBOARD_TOKEN or `dashboard.tokenFile`; null: the stored or a generated one. */
  configuredToken: string | null;
  /** `dashboard.readOnlyWithoutToken`. */
  publicReadOnly?: boolean;
  /** The built web app (default: this package's `dist/web`); null serves the API only. */
  webDir?: string | null;
}

/** A dashboard serving on a port. */
export interface RunningDashboard {
  url: string;
  /** Signs one browser in, once (the code is in the fragment, so it never reaches a server log or a Referer). */
  loginUrl: string;
  /** Where the token came from; a `generated` one is printed once by the caller, then only the file has it. */
  token: DashboardToken;
  close(): Promise<void>;
}

/** Refuse an address other machines can reach unless a token was set up on purpose (env or token file). */
export function checkBind(host: string, configuredToken: string | null): void {
  if (configuredToken === null && !isLoopbackHost(host)) {
    throw new DashboardSetupError(
      'dashboard.host',
      `dashboard.host ${host} is reachable from other machines but no token is set: set DALIO_DASHBOARD_TOKEN or dashboard.tokenFile, or bind 127.0.0.1`,
    );
  }
}

/** Serve the API and the built app from one process, on 127.0.0.1 unless told otherwise and allowed. */
export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  checkBind(options.host, options.configuredToken);
  const token = await resolveDashboardToken({
    configured: options.configuredToken,
    stateDir: options.deps.stateDir,
  });
  const { deps, host, port, configuredToken: _, publicReadOnly, webDir, ...apiOptions } = options;
  const { app, context, close } = createApi(deps, {
    ...apiOptions,
    auth: { token: token.token, publicReadOnly: publicReadOnly ?? false },
    webDir: webDir === undefined ? BUILT_WEB_DIR : webDir,
  });
  const server = serve({ fetch: app.fetch, hostname: host, port });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('listening', () => resolve(server.address() as AddressInfo));
    server.once('error', (error: NodeJS.ErrnoException) => {
      close();
      reject(
        new DashboardSetupError(
          'dashboard.port',
          error.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is in use: pick another with --port or dashboard.port`
            : `cannot listen on ${host}:${port} (${error.code ?? error.message}): check dashboard.host and dashboard.port`,
          { cause: error },
        ),
      );
    });
  });
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shown}:${address.port}/`;
  return {
    url,
    loginUrl: `${url}#${LOGIN_FRAGMENT_KEY}=${context.codes.issue()}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        close();
        server.close(() => resolve());
        // Open event streams would hold the server open forever.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
