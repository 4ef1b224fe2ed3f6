import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createAlpacaBroker } from '../src/alpaca/alpaca-broker.ts';
import { createSimulatorFetch } from '../src/http/sim-app.ts';
import type { Simulator } from '../src/simulator/simulator.ts';
import { documentedAnswerProblems } from './alpaca-wire-answers.ts';
import { describeBrokerContract } from './broker-contract.ts';

// The newest target's simulator answers (a test may build further targets); closing one returns to the previous.
const simulators: Simulator[] = [];
/** Answers that do not look like Alpaca's documented ones; each test must end with none. */
let problems: string[] = [];
// The msw handlers answer Alpaca's real hosts with the simulator's wire format, no socket involved, and hold
// every answer against Alpaca's documented answers before the SDK sees it.
const answer = async ({ request }: { request: Request }) => {
  const current = simulators.at(-1);
  if (!current) return HttpResponse.error();
  const response = await createSimulatorFetch({ simulator: current })(request.clone());
  problems.push(...(await documentedAnswerProblems(request, response)));
  return response;
};
const server = setupServer(
  http.all('https://paper-api.alpaca.markets/*', answer),
  http.all('https://data.alpaca.markets/*', answer),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  const found = problems;
  problems = [];
  expect(found).toEqual([]);
});
afterAll(() => server.close());

describeBrokerContract('Alpaca adapter → msw on the real hosts', async (sim) => {
  simulators.push(sim);
  return {
    broker: createAlpacaBroker({ keyId: 'contract', secret: 'secret', rateLimit: false }),
    sim,
    accountId: 'contract',
    close: async () => {
      simulators.splice(simulators.indexOf(sim), 1);
    },
  };
});
