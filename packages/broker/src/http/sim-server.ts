import type { AddressInfo } from 'node:net';
import { createSimulatorApp, type SimulatorAppOptions } from './sim-app.ts';

/** A running simulator server. */
export interface SimulatorServer {
  /** `http://127.0.0.1:<port>`: point the Alpaca adapter's `baseUrl` here. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serve the simulator over HTTP on 127.0.0.1 only; `port: 0` picks a free port. */
export async function startSimulatorServer(
  options: SimulatorAppOptions & { port?: number },
): Promise<SimulatorServer> {
  // Loaded when a server starts: it sets up Node's fetch machinery, which most commands never need.
  const { serve } = await import('@hono/node-server');
  const app = createSimulatorApp(options);
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1', overrideGlobalObjects: false },
      (info: AddressInfo) => {
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              if ('closeAllConnections' in server) server.closeAllConnections();
              server.close(() => done());
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
