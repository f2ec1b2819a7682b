import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list's filters kept in the URL (so back/forward and shared links keep
 * them). Every value is a string, '' when unset; changing anything but `page`
 * starts again at page 1.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]): [Record<K, string>, (change: Partial<Record<K, string>>) => void] {
  const [params, setParams] = useSearchParams();
  const signature = keys.join(',');
  const values = useMemo(() => {
    const out = {} as Record<K, string>;
    for (const k of signature.split(',') as K[]) out[k] = params.get(k) ?? '';
    return out;
  }, [params, signature]);

  const update = useCallback(
    (change: Partial<Record<K, string>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          const merged: Record<string, string | undefined> = { ...change };
          if (!('page' in change)) merged.page = '';
          for (const [k, v] of Object.entries(merged)) {
            if (!v || (k === 'page' && v === '1')) next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [values, update];
}

export function pageNumber(v: string): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : 1;
}
