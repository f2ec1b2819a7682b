// Test data for the API key screens.
import { http, HttpResponse } from 'msw';
import type { ApiKey } from '../../api/types';
import { API } from '../../test/server';

export const KEY = 'prima_ab12cd3e4f5g6h7i8j9k0l1m2n3o4p5q6r7s8t9u';

export function apiKey(n: number, extra: Partial<ApiKey> = {}): ApiKey {
  return {
    id: `key-${n}`,
    name: `Key ${n}`,
    prefix: `prima_ab12c${n}`,
    scopes: ['read'],
    created_by: 'u-admin',
    created_at: '2026-11-20T01:00:00Z',
    last_used_at: null,
    expires_at: null,
    revoked_at: null,
    ...extra,
  };
}

export const page = <T,>(data: T[]) => HttpResponse.json({ data, page: 1, per_page: 25, total: data.length });

/** The list of keys; override with server.use. */
export function apiKeyHandlers(keys: ApiKey[] = [apiKey(1)]) {
  return [http.get(`${API}/api-keys`, () => page(keys))];
}
