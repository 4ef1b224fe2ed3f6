import { createSimulatorBroker } from '../src/simulator/sim-broker.ts';
import { describeBrokerContract } from './broker-contract.ts';

describeBrokerContract('in-process simulator', async (sim) => ({
  broker: createSimulatorBroker({ simulator: sim, accountId: 'contract' }),
  sim,
  accountId: 'contract',
  close: async () => {},
}));
