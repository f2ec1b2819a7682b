import { authFetch } from '../../api/client';
import { fileNameFrom, saveBlob } from '../../lib/download';

/** Downloads the sample import file, whose phone numbers follow the organization's region. */
export async function downloadImportSample(): Promise<void> {
  const res = await authFetch('/patients/import/sample', { headers: { Accept: 'text/csv' } });
  saveBlob(await res.blob(), fileNameFrom(res.headers.get('Content-Disposition'), 'patients-sample.csv'));
}
