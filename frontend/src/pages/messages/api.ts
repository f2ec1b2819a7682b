import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { MessageListQuery, MessageStatsQuery, RetryMessagesRequest } from '../../api/types';

export const messageKeys = {
  all: ['messages'] as const,
  list: (q: MessageListQuery) => ['messages', 'list', q] as const,
  one: (id: string) => ['messages', 'one', id] as const,
  stats: (q: MessageStatsQuery) => ['messages', 'stats', q] as const,
};

export const retryMessages = (body: RetryMessagesRequest, key: string) =>
  unwrap(api.POST('/messages/retry', { body, headers: { 'Idempotency-Key': key } }));

/** Statuses that change soon by themselves: a view showing them looks again. */
const MOVING = new Set(['queued', 'sending']);
const POLL_MS = 5_000;

export function useMessages(q: MessageListQuery) {
  return useQuery({
    queryKey: messageKeys.list(q),
    queryFn: () => unwrap(api.GET('/messages', { params: { query: q } })),
    placeholderData: keepPreviousData,
    // The log changes all the time: always read it again when shown.
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.data?.some((m) => MOVING.has(m.status)) ? POLL_MS : false),
  });
}

export function useMessage(id: string) {
  return useQuery({
    queryKey: messageKeys.one(id),
    enabled: Boolean(id),
    staleTime: 0,
    queryFn: () => unwrap(api.GET('/messages/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data && MOVING.has(query.state.data.status) ? POLL_MS : false),
  });
}

export function useMessageStats(q: MessageStatsQuery, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: messageKeys.stats(q),
    enabled,
    queryFn: () => unwrap(api.GET('/messages/stats', { params: { query: q } })),
    placeholderData: keepPreviousData,
  });
}
