import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';

const csv = () => new File(['name,phone\nAni,081234567890\nBudi,12\n'], 'patients.csv', { type: 'text/csv' });

describe('CSV import', () => {
  it('previews the file with per-row errors and does not offer to import it', async () => {
    const dryRuns: string[] = [];
    server.use(
      http.post(`${API}/patients/import`, ({ request }) => {
        dryRuns.push(new URL(request.url).searchParams.get('dry_run') ?? '');
        return HttpResponse.json({
          dry_run: true,
          total_rows: 2,
          valid_rows: 1,
          created: 0,
          errors: [{ row: 3, field: 'phone', message: 'not a valid phone number' }],
          preview: [
            { row: 2, name: 'Ani', phone: '+6281234567890', language: 'id', tags: [] },
            { row: 3, name: 'Budi', phone: '12', language: 'id', tags: [] },
          ],
        });
      }),
    );
    const user = userEvent.setup();
    renderApp('/patients/import');

    await user.upload(await screen.findByLabelText('CSV file'), csv());

    const errors = await screen.findByRole('table', { name: '1 problem' });
    const errorRow = within(errors).getAllByRole('row')[1];
    expect(errorRow).toHaveTextContent('3');
    expect(errorRow).toHaveTextContent('phone');
    expect(errorRow).toHaveTextContent('not a valid phone number');
    const preview = screen.getByRole('table', { name: 'Rows in the file' });
    expect(within(preview).getByRole('row', { name: /Budi/ })).toHaveTextContent('Has errors');
    expect(within(preview).getByRole('row', { name: /Ani/ })).toHaveTextContent('OK');
    expect(screen.getByText('2 rows read, 1 valid, 1 problems.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import 1 patient' })).toBeDisabled();
    expect(dryRuns).toEqual(['true']);
  });

  it('imports a clean file after the preview', async () => {
    const dryRuns: string[] = [];
    server.use(
      http.post(`${API}/patients/import`, ({ request }) => {
        const dryRun = new URL(request.url).searchParams.get('dry_run') ?? '';
        dryRuns.push(dryRun);
        return HttpResponse.json({
          dry_run: dryRun === 'true',
          total_rows: 2,
          valid_rows: 2,
          created: dryRun === 'true' ? 0 : 2,
          errors: [],
          preview: [
            { row: 2, name: 'Ani', phone: '+6281234567890', language: 'id', tags: [] },
            { row: 3, name: 'Citra', phone: '+6281234567891', language: 'id', tags: ['lung'] },
          ],
        });
      }),
    );
    const user = userEvent.setup();
    renderApp('/patients/import');

    await user.upload(await screen.findByLabelText('CSV file'), csv());
    await user.click(await screen.findByRole('button', { name: 'Import 2 patients' }));

    expect(await screen.findByText('2 patients imported.')).toBeInTheDocument();
    expect(dryRuns).toEqual(['true', 'false']);
  });
});
