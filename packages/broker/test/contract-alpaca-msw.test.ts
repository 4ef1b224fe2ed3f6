import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createAlpacaBroker } from '../src/alpaca/alpaca-broker.ts';
import { createSimulatorFetch } from '../src/http/sim-app.ts';
import type { Simulator } from '../src/simulator/simulator.ts';
import { describeBrokerContract } from './broker-contract.ts';

let current: Simulator | null = null;
// The msw handlers answer Alpaca's real hosts with the simulator's wire format, no socket involved.
const answer = ({ request }: { request: Request }) =>
  current ? createSimulatorFetch({ simulator: current })(request) : HttpResponse.error();
const server = setupServer(
  http.all('https://paper-api.alpaca.markets/*', answer),
  http.all('https://data.alpaca.markets/*', answer),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describeBrokerContract('Alpaca adapter → msw on the real hosts', async (sim) => {
  current = sim;
  return {
    broker: createAlpacaBroker({ keyId: 'contract', secret: 'secret', rateLimit: false }),
    sim,
    accountId: 'contract',
    close: async () => {
      current = null;
    },
  };
});
