import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Webhook, WebhookInput, WebhookPatch, WebhookRotateRequest } from './types';

export const webhookKeys = {
  all: ['webhooks'] as const,
  lists: ['webhooks', 'list'] as const,
  list: (page: number) => ['webhooks', 'list', page] as const,
  one: (id: string) => ['webhooks', 'one', id] as const,
  calls: (id: string) => ['webhooks', 'calls', id] as const,
  callsPage: (id: string, page: number) => ['webhooks', 'calls', id, page] as const,
  workflowNames: ['webhooks', 'workflow-names'] as const,
};

export const PER_PAGE = 25;
export const CALLS_PER_PAGE = 20;
/** How often the calls list looks again by itself while it is open. */
export const CALLS_POLL_MS = 5_000;

/** A webhook without its secret: secrets are shown once and never kept in the query cache. */
export function withoutSecret(w: Webhook): Webhook {
  const { secret: _secret, ...rest } = w;
  return rest;
}

export function useWebhooks(page: number, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: webhookKeys.list(page),
    enabled,
    queryFn: () => unwrap(api.GET('/webhooks', { params: { query: { page, per_page: PER_PAGE } } })),
    placeholderData: keepPreviousData,
  });
}

export function useWebhook(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: webhookKeys.one(id),
    enabled: enabled && Boolean(id),
    queryFn: async () => withoutSecret(await unwrap(api.GET('/webhooks/{id}', { params: { path: { id } } }))),
  });
}

export function useWebhookCalls(id: string, page: number) {
  return useQuery({
    queryKey: webhookKeys.callsPage(id, page),
    enabled: Boolean(id),
    queryFn: () => unwrap(api.GET('/webhooks/{id}/executions', { params: { path: { id }, query: { page, per_page: CALLS_PER_PAGE } } })),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: CALLS_POLL_MS,
    refetchOnWindowFocus: true,
  });
}

/** Workflow id → name, for the workflow choice and the lists (the first 100 workflows, newest first). */
export function useWorkflowNames({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: webhookKeys.workflowNames,
    enabled,
    queryFn: async () => {
      const list = await unwrap(api.GET('/workflows', { params: { query: { per_page: 100 } } }));
      return list.data.map((w) => ({ id: w.id, name: w.name, isActive: w.is_active }));
    },
    staleTime: 60_000,
  });
}

export const createWebhook = (body: WebhookInput, key: string) =>
  unwrap(api.POST('/webhooks', { body, headers: { 'Idempotency-Key': key } }));

export const patchWebhook = (id: string, body: WebhookPatch) => unwrap(api.PATCH('/webhooks/{id}', { params: { path: { id } }, body }));

export const rotateSecret = (id: string, body: WebhookRotateRequest, key: string) =>
  unwrap(api.POST('/webhooks/{id}/rotate-secret', { params: { path: { id } }, body, headers: { 'Idempotency-Key': key } }));

export const deleteWebhook = (id: string, version: number) =>
  unwrap(api.DELETE('/webhooks/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } } }));
