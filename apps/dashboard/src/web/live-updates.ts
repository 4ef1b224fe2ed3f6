import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ChangeTopic } from '../shared/protocol.ts';
import { invalidateAll, invalidateTopics } from './queries.ts';

/** How the page learns of changes: `live` (server-sent events) or `polling` (the stream is down). */
export type LiveMode = 'connecting' | 'live' | 'polling';

/**
 * Listen to `/api/events` and refetch what each change touches. While the stream is down the queries poll
 * (EventSource reconnects by itself; on `ready`, everything is refetched once and polling stops).
 */
export function useLiveUpdates(enabled: boolean): LiveMode {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<LiveMode>('connecting');
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setMode('polling');
      return;
    }
    const source = new EventSource('/api/events');
    // On every (re)connection, refetch once: changes published before the stream opened were not heard.
    source.addEventListener('ready', () => {
      setMode('live');
      invalidateAll(queryClient);
    });
    source.addEventListener('change', (event) => {
      invalidateTopics(queryClient, JSON.parse((event as MessageEvent<string>).data) as ChangeTopic[]);
    });
    source.addEventListener('error', () => setMode('polling'));
    return () => source.close();
  }, [enabled, queryClient]);
  return mode;
}
