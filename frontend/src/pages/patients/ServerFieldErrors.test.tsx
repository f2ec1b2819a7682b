import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';

// The server's field errors carry codes; the dashboard says them in its own language.
describe('server field errors', () => {
  it('are translated beside the field of the form', async () => {
    server.use(
      http.post(`${API}/patients`, () =>
        HttpResponse.json(
          {
            type: 'urn:prima:problem:validation_failed',
            title: 'Validation failed',
            status: 400,
            code: 'validation_failed',
            detail: 'validation failed: phone: is not a valid phone number',
            errors: [{ field: 'phone', code: 'invalid_phone', message: 'is not a valid phone number' }],
          },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    await i18n.changeLanguage('id');
    const user = userEvent.setup();
    renderApp('/patients/new');
    await user.type(await screen.findByLabelText(/^nama/i), 'Siti Rahayu');
    const phone = screen.getByLabelText(/nomor telepon/i);
    await user.type(phone, '12345');
    await user.click(screen.getByRole('button', { name: 'Simpan pasien' }));
    expect(await within(phone.parentElement!).findByText('Nomor telepon ini tidak valid.')).toBeInTheDocument();
    expect(screen.queryByText('is not a valid phone number')).not.toBeInTheDocument();
  });

  it('are translated in the rows of a CSV import', async () => {
    server.use(
      http.post(`${API}/patients/import`, () =>
        HttpResponse.json({
          dry_run: true,
          total_rows: 1,
          valid_rows: 0,
          created: 0,
          errors: [{ row: 2, field: 'name', code: 'too_long', message: 'must be at most 200 characters', params: { max: '200' } }],
          preview: [{ row: 2, name: 'A', phone: '+6281234567890', language: 'id', tags: [] }],
        }),
      ),
    );
    await i18n.changeLanguage('ko');
    const user = userEvent.setup();
    renderApp('/patients/import');
    await user.upload(await screen.findByLabelText(/CSV/), new File(['name,phone\nA,0812\n'], 'p.csv', { type: 'text/csv' }));
    expect(await screen.findByText('최대 200자까지 입력할 수 있습니다.')).toBeInTheDocument();
  });
});
