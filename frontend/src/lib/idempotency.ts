export function randomKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Idempotency keys for one create form: the same body sent twice (double
 * click, retry after a network error) reuses its key, another body gets a new one.
 */
export function newIdempotencyKey() {
  let last: { body: string; key: string } | null = null;
  return {
    for(body: unknown): string {
      const json = JSON.stringify(body);
      if (last?.body !== json) last = { body: json, key: randomKey() };
      return last.key;
    },
  };
}
