import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { ApiKey, ApiKeyInput } from '../../api/types';

export const apiKeyKeys = {
  all: ['api-keys'] as const,
  list: (page: number) => ['api-keys', 'list', page] as const,
};

export const PER_PAGE = 25;

/** A key without its secret: the whole key is shown once and never kept in the query cache. */
export function withoutKey(k: ApiKey): ApiKey {
  const { key: _key, ...rest } = k;
  return rest;
}

export function useApiKeys(page: number, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: apiKeyKeys.list(page),
    enabled,
    queryFn: async () => {
      const list = await unwrap(api.GET('/api-keys', { params: { query: { page, per_page: PER_PAGE } } }));
      return { ...list, data: list.data.map(withoutKey) };
    },
    placeholderData: keepPreviousData,
  });
}

export const createApiKey = (body: ApiKeyInput, key: string) => unwrap(api.POST('/api-keys', { body, headers: { 'Idempotency-Key': key } }));

export const revokeApiKey = (id: string) => unwrap(api.DELETE('/api-keys/{id}', { params: { path: { id } } }));

export type KeyStatus = 'active' | 'revoked' | 'expired';

/** Revoked wins over expired: a revoked key never works again, whatever its expiry. */
export function keyStatus(k: Pick<ApiKey, 'revoked_at' | 'expires_at'>, now: number = Date.now()): KeyStatus {
  if (k.revoked_at) return 'revoked';
  if (k.expires_at && new Date(k.expires_at).getTime() <= now) return 'expired';
  return 'active';
}
