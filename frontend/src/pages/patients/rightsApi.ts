import { api, authFetch, unwrap } from '../../api/client';

/** The word an erasure must be confirmed with. */
export const ERASE_CONFIRMATION = 'ERASE';

/** Downloads one patient's whole record (JSON) with the bearer token. */
export async function exportPatientRecord(id: string): Promise<{ blob: Blob; disposition: string | null }> {
  const res = await authFetch(`/patients/${encodeURIComponent(id)}/export`, { headers: { Accept: 'application/json' } });
  return { blob: await res.blob(), disposition: res.headers.get('Content-Disposition') };
}

/** Erases a patient for good. */
export function erasePatient(id: string) {
  return unwrap(api.POST('/patients/{id}/erase', { params: { path: { id } }, body: { confirm: ERASE_CONFIRMATION } }));
}
