import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, publicApi, unwrap } from '../../api/client';
import type { ConversationListQuery, InboxFilter, SimulateInboundRequest } from './types';

export const conversationKeys = {
  all: ['conversations'] as const,
  lists: ['conversations', 'list'] as const,
  list: (q: ConversationListQuery) => ['conversations', 'list', q] as const,
  counts: ['conversations', 'counts'] as const,
  thread: (patientId: string) => ['conversations', 'thread', patientId] as const,
  unknownSenders: ['conversations', 'unknown-senders'] as const,
};

export const notificationKeys = {
  all: ['notifications'] as const,
};

/** How often the inbox looks again by itself. */
export const INBOX_POLL_MS = 10_000;
/** How often the navigation badge and the notifications look again. */
export const BADGE_POLL_MS = 15_000;
/** A thread with messages still on their way looks again sooner. */
const MOVING_POLL_MS = 3_000;
const MOVING = new Set(['queued', 'sending']);

export const PER_PAGE = 25;

/** The list query of a filter tab, a search and a page. */
export function inboxQuery(filter: InboxFilter, search: string, page: number): ConversationListQuery {
  const q: ConversationListQuery = { page, per_page: PER_PAGE };
  if (filter === 'unread') q.unread = true;
  if (filter === 'urgent') q.flag = 'urgent';
  if (filter === 'needs_reply') q.flag = 'needs_reply';
  if (filter === 'resolved') q.status = 'resolved';
  if (search.trim()) q.search = search.trim();
  return q;
}

export function useConversations(q: ConversationListQuery, { enabled = true, poll = true }: { enabled?: boolean; poll?: boolean } = {}) {
  return useQuery({
    queryKey: conversationKeys.list(q),
    enabled,
    queryFn: () => unwrap(api.GET('/conversations', { params: { query: q } })),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: poll ? INBOX_POLL_MS : false,
    refetchOnWindowFocus: true,
  });
}

export function useConversationCounts() {
  return useQuery({
    queryKey: conversationKeys.counts,
    queryFn: () => unwrap(api.GET('/conversations/counts')),
    staleTime: 0,
    refetchInterval: BADGE_POLL_MS,
    refetchOnWindowFocus: true,
  });
}

export function useConversation(patientId: string) {
  return useQuery({
    queryKey: conversationKeys.thread(patientId),
    enabled: Boolean(patientId),
    queryFn: () => unwrap(api.GET('/conversations/{patient_id}', { params: { path: { patient_id: patientId } } })),
    staleTime: 0,
    refetchOnWindowFocus: true,
    refetchInterval: (query) => (query.state.data?.messages.some((m) => MOVING.has(m.status)) ? MOVING_POLL_MS : INBOX_POLL_MS),
  });
}

export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.all,
    queryFn: () => unwrap(api.GET('/notifications')),
    staleTime: 0,
    refetchInterval: BADGE_POLL_MS,
    refetchOnWindowFocus: true,
  });
}

export function useUnknownSenders(enabled: boolean) {
  return useQuery({
    queryKey: conversationKeys.unknownSenders,
    enabled,
    queryFn: () => unwrap(api.GET('/unknown-senders')),
    staleTime: 0,
    refetchOnWindowFocus: true,
  });
}

/** The public configuration (the same query the sign-in uses, so it is already cached). */
export function usePublicConfig() {
  return useQuery({ queryKey: ['config'], queryFn: () => unwrap(publicApi.GET('/config')), staleTime: Infinity });
}

export const replyTo = (patientId: string, body: string, key: string) =>
  unwrap(api.POST('/conversations/{patient_id}/reply', { params: { path: { patient_id: patientId } }, body: { body }, headers: { 'Idempotency-Key': key } }));

export const resolveConversation = (patientId: string) =>
  unwrap(api.POST('/conversations/{patient_id}/resolve', { params: { path: { patient_id: patientId } } }));

export const markNotificationRead = (id: string) => unwrap(api.POST('/notifications/{id}/read', { params: { path: { id } } }));

export const simulateInbound = (body: SimulateInboundRequest) => unwrap(api.POST('/dev/simulate-inbound', { body }));
