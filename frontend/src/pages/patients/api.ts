import { useQuery } from '@tanstack/react-query';
import { api, authFetch, unwrap } from '../../api/client';
import type { ImportResult, PatientListQuery } from '../../api/types';

/** The list's filters, as kept in the page's URL. */
export interface PatientFilters {
  search: string;
  tag: string;
  consent: string;
  isActive: '' | 'true' | 'false';
  volunteer: string;
  sort: string;
  page: number;
  perPage: number;
}

export const DEFAULT_FILTERS: PatientFilters = {
  search: '',
  tag: '',
  consent: '',
  isActive: '',
  volunteer: '',
  sort: 'name',
  page: 1,
  perPage: 25,
};

export function toQuery(f: PatientFilters, withPaging = true): PatientListQuery {
  const q: PatientListQuery = {};
  if (f.search) q.search = f.search;
  if (f.tag) q.tag = f.tag;
  if (f.consent) q.consent = f.consent as PatientListQuery['consent'];
  if (f.volunteer) q.assigned_volunteer_id = f.volunteer;
  if (f.isActive) q.is_active = f.isActive === 'true';
  if (f.sort) q.sort = f.sort as PatientListQuery['sort'];
  if (withPaging) {
    q.page = f.page;
    q.per_page = f.perPage;
  }
  return q;
}

export const patientKeys = {
  all: ['patients'] as const,
  list: (f: PatientFilters) => ['patients', 'list', f] as const,
  one: (id: string) => ['patients', 'one', id] as const,
  timeline: (id: string) => ['patients', 'timeline', id] as const,
};

export function usePatients(f: PatientFilters) {
  return useQuery({
    queryKey: patientKeys.list(f),
    queryFn: () => unwrap(api.GET('/patients', { params: { query: toQuery(f) } })),
    placeholderData: (prev) => prev,
  });
}

export function usePatient(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: patientKeys.one(id),
    enabled,
    queryFn: () => unwrap(api.GET('/patients/{id}', { params: { path: { id } } })),
  });
}

/** Approved volunteers, for assigning patients (admins only). */
export function useVolunteers(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'volunteers'],
    enabled,
    staleTime: 60_000,
    queryFn: () =>
      unwrap(api.GET('/users', { params: { query: { role: 'volunteer', status: 'approved', per_page: 100 } } })),
  });
}

function queryString(q: PatientListQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Downloads the CSV export of the filtered list with the bearer token. */
export async function exportPatients(f: PatientFilters): Promise<{ blob: Blob; disposition: string | null }> {
  const res = await authFetch(`/patients/export${queryString(toQuery(f, false))}`, { headers: { Accept: 'text/csv' } });
  return { blob: await res.blob(), disposition: res.headers.get('Content-Disposition') };
}

/** Uploads a CSV file; with dryRun nothing is written. */
export async function importPatients(file: File, dryRun: boolean): Promise<ImportResult> {
  const body = new FormData();
  body.append('file', file);
  const res = await authFetch(`/patients/import?dry_run=${dryRun}`, { method: 'POST', body });
  return (await res.json()) as ImportResult;
}
