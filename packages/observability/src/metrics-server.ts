import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DalioMetrics } from './metrics-registry.ts';

/** A running `/metrics` endpoint. */
export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serve `GET /metrics` in the Prometheus text format on 127.0.0.1 only (a scrape from another host goes
 * through a reverse proxy or node-exporter, never straight to the autopilot). `port: 0` picks a free port.
 */
export function serveMetrics(
  metrics: DalioMetrics,
  options: { port: number; onError?: (error: unknown) => void },
): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: scrape GET /metrics\n');
      return;
    }
    metrics.render().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: unknown) => {
        options.onError?.(error);
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics could not be read\n');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/metrics`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
