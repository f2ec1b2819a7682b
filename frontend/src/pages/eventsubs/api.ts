import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { EventSubscription, EventSubscriptionInput, EventSubscriptionPatch, EventSubscriptionRotateRequest } from '../../api/types';

export const subKeys = {
  all: ['event-subscriptions'] as const,
  lists: ['event-subscriptions', 'list'] as const,
  list: (page: number) => ['event-subscriptions', 'list', page] as const,
  one: (id: string) => ['event-subscriptions', 'one', id] as const,
  deliveries: (id: string) => ['event-subscriptions', 'deliveries', id] as const,
  deliveriesPage: (id: string, page: number, status: string) => ['event-subscriptions', 'deliveries', id, page, status] as const,
};

export const PER_PAGE = 25;
export const DELIVERIES_PER_PAGE = 20;
/** How often the deliveries list looks again by itself while it is open. */
export const DELIVERIES_POLL_MS = 4_000;

/** A subscription without its secret: secrets are shown once and never kept in the query cache. */
export function withoutSecret(s: EventSubscription): EventSubscription {
  const { secret: _secret, ...rest } = s;
  return rest;
}

export function useSubscriptions(page: number, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: subKeys.list(page),
    enabled,
    queryFn: () => unwrap(api.GET('/event-subscriptions', { params: { query: { page, per_page: PER_PAGE } } })),
    placeholderData: keepPreviousData,
  });
}

export function useSubscription(id: string) {
  return useQuery({
    queryKey: subKeys.one(id),
    enabled: Boolean(id),
    queryFn: async () => withoutSecret(await unwrap(api.GET('/event-subscriptions/{id}', { params: { path: { id } } }))),
  });
}

export function useDeliveries(id: string, page: number, status: '' | 'pending' | 'succeeded' | 'failed') {
  return useQuery({
    queryKey: subKeys.deliveriesPage(id, page, status),
    enabled: Boolean(id),
    queryFn: () =>
      unwrap(
        api.GET('/event-subscriptions/{id}/deliveries', {
          params: { path: { id }, query: { page, per_page: DELIVERIES_PER_PAGE, ...(status ? { status } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: DELIVERIES_POLL_MS,
    refetchOnWindowFocus: true,
  });
}

const idem = (key: string) => ({ 'Idempotency-Key': key });

export const createSubscription = (body: EventSubscriptionInput, key: string) => unwrap(api.POST('/event-subscriptions', { body, headers: idem(key) }));

export const patchSubscription = (id: string, body: EventSubscriptionPatch) =>
  unwrap(api.PATCH('/event-subscriptions/{id}', { params: { path: { id } }, body }));

export const deleteSubscription = (id: string, version: number) =>
  unwrap(api.DELETE('/event-subscriptions/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } } }));

export const rotateSubscriptionSecret = (id: string, body: EventSubscriptionRotateRequest, key: string) =>
  unwrap(api.POST('/event-subscriptions/{id}/rotate-secret', { params: { path: { id } }, body, headers: idem(key) }));

export const sendTestEvent = (id: string, key: string) => unwrap(api.POST('/event-subscriptions/{id}/test', { params: { path: { id } }, headers: idem(key) }));

export const redeliver = (id: string, deliveryId: string, key: string) =>
  unwrap(api.POST('/event-subscriptions/{id}/deliveries/{delivery_id}/redeliver', { params: { path: { id, delivery_id: deliveryId } }, headers: idem(key) }));

/** i18n keys cannot hold dots: message.sent is named message_sent. */
export const typeKey = (type: string) => type.replace(/\./g, '_');
