import { keepPreviousData, type QueryClient, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ChangeTopic } from '../shared/protocol.ts';
import { answer, client } from './api-client.ts';

/** How often every query refetches when the live stream is down (the polling fallback). */
export const POLL_MS = 5_000;

/** The query key of each read, and the change topics that make it stale. */
const READS = {
  status: ['state', 'history', 'heartbeat', 'market'],
  portfolio: ['market'],
  allocation: ['market', 'state'],
  cycles: ['history'],
  performance: ['performance', 'history'],
  risk: ['market', 'state'],
  errors: ['history', 'market', 'health', 'performance', 'backups'],
  alerts: ['alerts'],
  backups: ['backups', 'history'],
  health: ['health', 'state', 'history'],
  strategy: ['history'],
  'allocation-status': ['history'],
  goal: ['market', 'state'],
  explain: ['state', 'history'],
} as const satisfies Record<string, readonly ChangeTopic[]>;

/** Refetch what the changed topics touch. */
export function invalidateTopics(queryClient: QueryClient, topics: readonly ChangeTopic[]): void {
  for (const [key, watched] of Object.entries(READS) as [keyof typeof READS, readonly ChangeTopic[]][]) {
    if (watched.some((topic) => topics.includes(topic)))
      void queryClient.invalidateQueries({ queryKey: [key] });
  }
}

/** Refetch every read (after an action of this browser, or on reconnecting); never a dry run or the session. */
export function invalidateAll(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[0]) in READS });
}

const read = (polling: boolean) => ({
  refetchInterval: polling ? POLL_MS : (false as const),
  placeholderData: keepPreviousData,
});

export const useSession = () =>
  useQuery({ queryKey: ['session'], queryFn: () => answer(client.api.session.$get()), staleTime: Infinity });
export const useStatus = (polling: boolean) =>
  useQuery({ queryKey: ['status'], queryFn: () => answer(client.api.status.$get()), ...read(polling) });
export const usePortfolio = (polling: boolean) =>
  useQuery({ queryKey: ['portfolio'], queryFn: () => answer(client.api.portfolio.$get()), ...read(polling) });
export const useAllocation = (polling: boolean) =>
  useQuery({
    queryKey: ['allocation'],
    queryFn: () => answer(client.api.allocation.$get()),
    ...read(polling),
  });
export const usePerformance = (polling: boolean) =>
  useQuery({
    queryKey: ['performance'],
    queryFn: () => answer(client.api.performance.$get()),
    ...read(polling),
  });
export const useRisk = (polling: boolean) =>
  useQuery({ queryKey: ['risk'], queryFn: () => answer(client.api.risk.$get()), ...read(polling) });
export const useErrors = (polling: boolean) =>
  useQuery({ queryKey: ['errors'], queryFn: () => answer(client.api.errors.$get()), ...read(polling) });
export const useAlerts = (polling: boolean) =>
  useQuery({ queryKey: ['alerts'], queryFn: () => answer(client.api.alerts.$get()), ...read(polling) });
export const useBackups = (polling: boolean) =>
  useQuery({ queryKey: ['backups'], queryFn: () => answer(client.api.backups.$get()), ...read(polling) });
export const useHealth = (polling: boolean) =>
  useQuery({ queryKey: ['health'], queryFn: () => answer(client.api.health.$get()), ...read(polling) });

/** The rebalances, newest first, a page at a time (older pages on demand). */
export const useCycles = (polling: boolean) =>
  useInfiniteQuery({
    queryKey: ['cycles'],
    queryFn: ({ pageParam }) =>
      answer(
        client.api.cycles.$get({
          query: pageParam === null ? { limit: '10' } : { limit: '10', before: String(pageParam) },
        }),
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextBefore,
    refetchInterval: polling ? POLL_MS : false,
  });
