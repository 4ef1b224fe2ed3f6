import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { answer, client } from './api-client.ts';

/** The comparison of the presets and the current allocation over a date range (cached on the server). */
export const useComparison = (range: { from?: string; to?: string }) =>
  useQuery({
    queryKey: ['strategy', range.from ?? '', range.to ?? ''],
    queryFn: () => answer(client.api.strategy.compare.$get({ query: range })),
    placeholderData: keepPreviousData,
    retry: false,
  });

/** The last allocation change and whether it is still waiting for a cycle. */
export const useAllocationStatus = () =>
  useQuery({
    queryKey: ['allocation-status'],
    queryFn: () => answer(client.api.allocation.status.$get()),
  });

/** The goal with its projection and progress (null review: none set). */
export const useGoal = () =>
  useQuery({ queryKey: ['goal'], queryFn: () => answer(client.api.goal.$get()), retry: false });

/** How it decides, from the live config. */
export const useExplanation = () =>
  useQuery({ queryKey: ['explain'], queryFn: () => answer(client.api.explain.$get()) });
