import createClient, { type Middleware } from 'openapi-fetch';
import type { Paths } from './types';
import { getToken, notifyUnauthorized } from './auth';
import { ApiError, toApiError } from './problem';

export const API_PREFIX = '/api/v1';

function baseUrl(): string {
  const origin = typeof window !== 'undefined' ? window.location.origin : 'http://localhost';
  return origin + API_PREFIX;
}

/** Adds the bearer token, and signs out on 401. */
const authMiddleware: Middleware = {
  async onRequest({ request }) {
    const token = await getToken();
    if (token && !request.headers.has('Authorization')) {
      request.headers.set('Authorization', `Bearer ${token}`);
    }
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) notifyUnauthorized();
    return response;
  },
};

// Look fetch up at call time, so wrappers installed later (tests) are used.
const lateFetch = (input: Request) => globalThis.fetch(input);

/** Calls that carry the signed-in user's bearer token. */
export const api = createClient<Paths>({ baseUrl: baseUrl(), fetch: lateFetch });
api.use(authMiddleware);

/** Calls made before sign-in (configuration, development sign-in). */
export const publicApi = createClient<Paths>({ baseUrl: baseUrl(), fetch: lateFetch });

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns the data of a successful call, or throws an ApiError built from problem+json. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (err) {
    throw new ApiError(0, err instanceof Error ? err.message : String(err), 'network');
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

/**
 * Plain fetch with the same bearer and 401 handling, for calls the typed client
 * does not fit (CSV download, multipart upload).
 */
export async function authFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = await getToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(baseUrl() + path, { ...init, headers });
  } catch (err) {
    throw new ApiError(0, err instanceof Error ? err.message : String(err), 'network');
  }
  if (response.status === 401) notifyUnauthorized();
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw toApiError(response.status, body);
  }
  return response;
}
