import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrokerResponseError } from '../errors.ts';
import { createAlpacaBroker } from './alpaca-broker.ts';

const BARS_URL = 'https://data.alpaca.markets/v2/stocks/bars';
const bar = (date: string, close: number) => ({
  t: `${date}T04:00:00Z`,
  o: close - 1,
  h: close + 1,
  l: close - 2,
  c: close,
  v: 1000,
  n: 10,
  vw: close,
});

const server = setupServer();
const requests: URL[] = [];
const sleeps: number[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  requests.length = 0;
  sleeps.length = 0;
});
afterAll(() => server.close());

/** Serve these answers in turn to `GET /v2/stocks/bars`, recording every request URL. */
function answerWith(...answers: (() => Response)[]): void {
  let call = 0;
  server.use(
    http.get(BARS_URL, ({ request }) => {
      requests.push(new URL(request.url));
      const answer = answers[Math.min(call++, answers.length - 1)];
      return answer ? answer() : HttpResponse.error();
    }),
  );
}

function broker() {
  return createAlpacaBroker({
    keyId: 'bars-key',
    secret: 'bars-secret',
    rateLimit: false,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
}

describe('Alpaca adapter: getDailyBars against msw', () => {
  it('asks for adjusted daily bars over the whole days and follows next_page_token to the end', async () => {
    answerWith(
      () =>
        HttpResponse.json({
          bars: { SPY: [bar('2024-03-11', 500), bar('2024-03-12', 505)] },
          next_page_token: 'p2',
        }),
      () =>
        HttpResponse.json({
          bars: { SPY: [bar('2024-03-13', 504)], TLT: [bar('2024-03-11', 89.5)] },
          next_page_token: null,
        }),
    );
    const bars = await broker().getDailyBars({
      symbols: ['TLT', 'SPY'],
      start: '2024-03-11',
      end: '2024-03-13',
    });
    expect(bars.map((b) => `${b.symbol} ${b.date} ${b.close}`)).toEqual([
      'SPY 2024-03-11 500',
      'SPY 2024-03-12 505',
      'SPY 2024-03-13 504',
      'TLT 2024-03-11 89.5',
    ]);
    expect(bars[0]).toEqual({
      symbol: 'SPY',
      date: '2024-03-11',
      open: 499,
      high: 501,
      low: 498,
      close: 500,
      volume: 1000,
    });
    const [first, second] = requests;
    expect(Object.fromEntries(first?.searchParams ?? [])).toEqual({
      symbols: 'SPY,TLT',
      timeframe: '1Day',
      start: '2024-03-11T00:00:00.000Z',
      end: '2024-03-13T23:59:59.000Z',
      adjustment: 'all',
      limit: '10000',
      sort: 'asc',
    });
    expect(second?.searchParams.get('page_token')).toBe('p2');
  });

  it('retries a page that failed with 503, without starting over', async () => {
    answerWith(
      () => HttpResponse.json({ bars: { SPY: [bar('2024-03-11', 500)] }, next_page_token: 'p2' }),
      () => HttpResponse.json({ code: 50300000, message: 'busy' }, { status: 503 }),
      () => HttpResponse.json({ bars: { SPY: [bar('2024-03-12', 505)] }, next_page_token: null }),
    );
    const bars = await broker().getDailyBars({ symbols: ['SPY'], start: '2024-03-11', end: '2024-03-12' });
    expect(bars.map((b) => b.date)).toEqual(['2024-03-11', '2024-03-12']);
    expect(requests.map((url) => url.searchParams.get('page_token'))).toEqual([null, 'p2', 'p2']);
    expect(sleeps).toEqual([250]);
  });

  it.each([
    [
      'a price that is not a number',
      { bars: { SPY: [{ ...bar('2024-03-11', 500), c: '500' }] } },
      /SPY\.0\.c/,
    ],
    ['a negative price', { bars: { SPY: [{ ...bar('2024-03-11', 500), l: -1 }] } }, /SPY\.0\.l/],
    [
      'a time that is not a time',
      { bars: { SPY: [{ ...bar('2024-03-11', 500), t: 'monday' }] } },
      /SPY\.0\.t/,
    ],
    ['no bars field', { next_page_token: null }, /bars/],
    [
      'bars of a symbol not asked for',
      { bars: { QQQ: [bar('2024-03-11', 400)] } },
      /QQQ, which was not asked for/,
    ],
    ['a bar outside the range', { bars: { SPY: [bar('2024-03-19', 500)] } }, /SPY 2024-03-19 is outside/],
    ['the same bar twice', { bars: { SPY: [bar('2024-03-11', 500), bar('2024-03-11', 500)] } }, /repeated/],
  ])('rejects an answer with %s as malformed, without retrying', async (_name, body, message) => {
    answerWith(() => HttpResponse.json({ next_page_token: null, ...body }));
    const error = await broker()
      .getDailyBars({ symbols: ['SPY'], start: '2024-03-11', end: '2024-03-15' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerResponseError);
    expect((error as Error).message).toMatch(message);
    expect(sleeps).toEqual([]);
  });

  it('stops when a page token comes back twice instead of looping forever', async () => {
    answerWith(() => HttpResponse.json({ bars: {}, next_page_token: 'again' }));
    await expect(
      broker().getDailyBars({ symbols: ['SPY'], start: '2024-03-11', end: '2024-03-15' }),
    ).rejects.toThrow(/page token came back twice/);
    expect(requests).toHaveLength(2);
  });

  it('refuses a bad query before sending anything', async () => {
    answerWith(() => HttpResponse.json({ bars: {} }));
    await expect(
      broker().getDailyBars({ symbols: ['SPY'], start: '2024-3-1', end: '2024-03-15' }),
    ).rejects.toThrow(/start "2024-3-1" is not a date/);
    await expect(
      broker().getDailyBars({ symbols: ['SPY'], start: '2024-03-15', end: '2024-03-01' }),
    ).rejects.toThrow(/start 2024-03-15 is after end 2024-03-01/);
    await expect(
      broker().getDailyBars({ symbols: [], start: '2024-03-01', end: '2024-03-15' }),
    ).rejects.toThrow(/no symbols/);
    expect(requests).toEqual([]);
  });
});
