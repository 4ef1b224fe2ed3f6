import { createAlpacaBroker } from '../src/alpaca/alpaca-broker.ts';
import { startSimulatorServer } from '../src/http/sim-server.ts';
import { describeBrokerContract } from './broker-contract.ts';

describeBrokerContract('Alpaca adapter → simulator over HTTP', async (sim) => {
  const server = await startSimulatorServer({ simulator: sim, port: 0 });
  return {
    broker: createAlpacaBroker({
      keyId: 'contract',
      secret: 'secret',
      baseUrl: server.url,
      rateLimit: false,
    }),
    sim,
    accountId: 'contract',
    close: () => server.close(),
  };
});
