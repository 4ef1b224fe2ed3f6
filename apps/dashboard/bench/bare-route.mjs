/**
 * `pnpm bench`'s baseline for the dashboard API: one bare Hono route served by @hono/node-server on 127.0.0.1,
 * in a process of its own, as the dashboard is served. Prints its URL, then serves until killed. Not a test.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const server = serve({
  fetch: new Hono().get('/bare', (c) => c.json({ ok: true })).fetch,
  hostname: '127.0.0.1',
  port: 0,
});
server.once('listening', () => console.log(`http://127.0.0.1:${server.address().port}/bare`));
