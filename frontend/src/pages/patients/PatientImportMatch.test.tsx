import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';

const file = () => new File(['id,name,phone\n'], 'export.csv', { type: 'text/csv' });

const preview = {
  dry_run: true,
  total_rows: 3,
  valid_rows: 3,
  created: 0,
  updated: 0,
  skipped: 0,
  actions: { create: 1, update: 1, skip: 1 },
  errors: [],
  preview: [
    { row: 2, name: 'Siti', phone: '+6281234560101', external_id: 'RM-1', language: 'id', tags: [], valid: true, action: 'skip',
      patient_id: 'p-1', matched_by: 'external_id', changes: [], warnings: [] },
    { row: 3, name: 'Budi', phone: '+6281322220102', external_id: null, language: 'id', tags: [], valid: true, action: 'update',
      patient_id: 'p-2', matched_by: 'phone', changes: ['notes', 'tags'], warnings: [] },
    { row: 4, name: 'Ani', phone: '+6281322220102', external_id: null, language: 'id', tags: [], valid: true, action: 'create',
      patient_id: null, matched_by: null, changes: [],
      warnings: [{ field: 'phone', code: 'duplicate_phone', message: '1 other patient has this phone number', patient_ids: [] }] },
  ],
};

describe('CSV import of existing patients', () => {
  afterEach(() => vi.restoreAllMocks());

  it('says per row whether it creates, updates or leaves a patient, and writes only changes', async () => {
    const dryRuns: string[] = [];
    server.use(
      http.post(`${API}/patients/import`, ({ request }) => {
        const dryRun = new URL(request.url).searchParams.get('dry_run') ?? '';
        dryRuns.push(dryRun);
        return HttpResponse.json(dryRun === 'true' ? preview : { ...preview, dry_run: false, created: 1, updated: 1, skipped: 1 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/patients/import');
    await user.upload(await screen.findByLabelText('CSV file'), file());

    const table = await screen.findByRole('table', { name: 'Rows in the file' });
    expect(within(table).getByRole('row', { name: /Siti/ })).toHaveTextContent('Unchanged');
    const budi = within(table).getByRole('row', { name: /Budi/ });
    expect(budi).toHaveTextContent('Update');
    expect(budi).toHaveTextContent('Notes, Tags');
    const ani = within(table).getByRole('row', { name: /Ani/ });
    expect(ani).toHaveTextContent('New');
    expect(ani).toHaveTextContent('Shared phone');
    expect(screen.getByText('New: 1 · To update: 1 · Unchanged: 1')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Import 2 rows' }));
    expect(await screen.findByText('New: 1 · Updated: 1 · Unchanged: 1')).toBeInTheDocument();
    expect(dryRuns).toEqual(['true', 'false']);
  });

  it('offers nothing to import when every row is unchanged', async () => {
    server.use(
      http.post(`${API}/patients/import`, () =>
        HttpResponse.json({ ...preview, total_rows: 1, valid_rows: 1, actions: { create: 0, update: 0, skip: 1 }, preview: [preview.preview[0]] }),
      ),
    );
    const user = userEvent.setup();
    renderApp('/patients/import');
    await user.upload(await screen.findByLabelText('CSV file'), file());
    expect(await screen.findByText(/there is nothing to import/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import 0 rows' })).toBeDisabled();
  });

  it('downloads the sample file from the server', async () => {
    let asked = 0;
    server.use(
      http.get(`${API}/patients/import/sample`, () => {
        asked++;
        return new HttpResponse('name,phone\nSiti,0812-3456-7890\n', {
          headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="patients-sample.csv"' },
        });
      }),
    );
    const created = vi.fn(() => 'blob:sample');
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const user = userEvent.setup();
    renderApp('/patients/import');
    await user.click(await screen.findByRole('button', { name: 'Download a sample file' }));
    await vi.waitFor(() => expect(click).toHaveBeenCalled());
    expect(asked).toBe(1);
    expect((click.mock.instances[0] as unknown as HTMLAnchorElement).download).toBe('patients-sample.csv');
  });
});
