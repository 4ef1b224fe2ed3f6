import { describe, expect, it } from 'vitest';
import { createTestSimulator } from '../../test/fixtures.ts';
import { createAlpacaBroker } from '../alpaca/alpaca-broker.ts';
import { createSimulatorBroker } from '../simulator/sim-broker.ts';
import { startSimulatorServer } from './sim-server.ts';

describe('GET /v2/stocks/bars on the simulator server, through the Alpaca adapter', () => {
  it('pages through decades of bars (more than one 10,000-bar page) and matches the in-process simulator', async () => {
    const { sim } = await createTestSimulator();
    const http = await startSimulatorServer({ simulator: sim, port: 0 });
    try {
      const adapter = createAlpacaBroker({ keyId: 'k', secret: 's', baseUrl: http.url, rateLimit: false });
      const query = { symbols: ['SPY', 'TLT'], start: '1990-01-01', end: '2024-03-15' };
      const overHttp = await adapter.getDailyBars(query);
      expect(overHttp.length).toBeGreaterThan(10_000);
      expect(overHttp).toEqual(await createSimulatorBroker({ simulator: sim }).getDailyBars(query));
      expect(overHttp[0]).toMatchObject({ symbol: 'SPY', date: '1993-01-29' });
      expect(overHttp.at(-1)).toMatchObject({ symbol: 'TLT', date: '2024-03-14' });
    } finally {
      await http.close();
    }
  });

  it('refuses what the simulator cannot serve: unadjusted or intraday bars', async () => {
    const { sim } = await createTestSimulator();
    const http = await startSimulatorServer({ simulator: sim, port: 0 });
    try {
      const headers = { 'APCA-API-KEY-ID': 'k', 'APCA-API-SECRET-KEY': 's' };
      const ask = (query: string) =>
        fetch(`${http.url}/v2/stocks/bars?symbols=SPY&start=2024-03-01&${query}`, { headers });
      const raw = await ask('timeframe=1Day&adjustment=raw');
      expect(raw.status).toBe(422);
      expect(await raw.json()).toMatchObject({ message: /adjusted prices only/ });
      expect((await ask('timeframe=1Min&adjustment=all')).status).toBe(422);
      expect((await ask('timeframe=1Day&adjustment=all&page_token=nonsense')).status).toBe(400);
    } finally {
      await http.close();
    }
  });
});
