import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { DEFAULT_FILTERS, type PatientFilters } from './api';

const PARAM: Record<keyof PatientFilters, string> = {
  search: 'q',
  tag: 'tag',
  consent: 'consent',
  isActive: 'active',
  volunteer: 'volunteer',
  sort: 'sort',
  page: 'page',
  perPage: 'per_page',
};

function positive(v: string | null, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The patient list's filters, stored in the URL so back/forward keep them. */
export function usePatientFilters(): [PatientFilters, (change: Partial<PatientFilters>) => void] {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<PatientFilters>(() => {
    const active = params.get(PARAM.isActive);
    return {
      search: params.get(PARAM.search) ?? '',
      tag: params.get(PARAM.tag) ?? '',
      consent: params.get(PARAM.consent) ?? '',
      isActive: active === 'true' || active === 'false' ? active : '',
      volunteer: params.get(PARAM.volunteer) ?? '',
      sort: params.get(PARAM.sort) ?? DEFAULT_FILTERS.sort,
      page: positive(params.get(PARAM.page), 1),
      perPage: positive(params.get(PARAM.perPage), DEFAULT_FILTERS.perPage),
    };
  }, [params]);

  const update = useCallback(
    (change: Partial<PatientFilters>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          // Any change other than the page itself starts again at page 1.
          const merged = { ...change, ...('page' in change ? {} : { page: 1 }) };
          for (const [key, value] of Object.entries(merged) as [keyof PatientFilters, string | number][]) {
            const isDefault = value === '' || value === DEFAULT_FILTERS[key];
            if (isDefault) next.delete(PARAM[key]);
            else next.set(PARAM[key], String(value));
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  return [filters, update];
}
