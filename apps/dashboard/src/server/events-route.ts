import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ChangeTopic } from '../shared/protocol.ts';
import type { ApiContext, ApiEnv } from './api-context.ts';
import { requireReader } from './auth/auth-middleware.ts';

/** How often an idle stream sends a comment, so proxies and the browser keep it open. */
const KEEPALIVE_MS = 15_000;

/**
 * `GET /events`: server-sent events naming what changed (`event: change`, data a JSON array of topics), so the
 * browsers refetch just those queries: a `dalio run` in another process shows up without a reload.
 */
export function eventsRoute(context: ApiContext) {
  return new Hono<ApiEnv>().get('/events', requireReader(context), (c) =>
    streamSSE(c, async (stream) => {
      const queue: ChangeTopic[][] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = context.feed.subscribe((topics) => {
        queue.push(topics);
        wake?.();
      });
      stream.onAbort(() => wake?.());
      try {
        await stream.writeSSE({ event: 'ready', data: '[]' });
        while (!stream.aborted) {
          const topics = queue.shift();
          if (topics) {
            await stream.writeSSE({ event: 'change', data: JSON.stringify(topics) });
            continue;
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, KEEPALIVE_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
          if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
        }
      } finally {
        unsubscribe();
      }
    }),
  );
}
