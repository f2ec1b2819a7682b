import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { volunteerUser } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';

describe('users page', () => {
  it('shows when a user was last seen in the clinic’s time zone and names it', async () => {
    const seen = { ...volunteerUser, last_seen_at: '2026-11-22T01:00:00Z' };
    server.use(http.get(`${API}/users`, () => HttpResponse.json({ data: [seen], page: 1, per_page: 50, total: 1 })));
    renderApp('/users');
    const cell = await screen.findByText(/22 Nov 2026/);
    expect(cell).toHaveTextContent('08:00');
    expect(screen.getByText(/Times in Asia\/Jakarta/)).toBeInTheDocument();
  });

  it('says a refused change in the current language', async () => {
    server.use(
      http.get(`${API}/users`, () => HttpResponse.json({ data: [volunteerUser], page: 1, per_page: 50, total: 1 })),
      http.patch(`${API}/users/u-vol`, () =>
        HttpResponse.json(
          {
            type: 'urn:prima:problem:validation_failed',
            title: 'Validation failed',
            status: 400,
            code: 'validation_failed',
            detail: 'validation failed: role: must be admin, volunteer or developer',
            errors: [{ field: 'role', code: 'invalid_enum', message: 'must be admin, volunteer or developer', params: { allowed: 'admin, volunteer or developer' } }],
          },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    await i18n.changeLanguage('id');
    const user = userEvent.setup();
    renderApp('/users');
    await user.click(await screen.findByRole('tab', { name: 'Disetujui' }));
    await user.selectOptions(await screen.findByLabelText('Peran Demo Volunteer'), 'developer');
    expect(await screen.findByRole('alert')).toHaveTextContent('role: Pilih salah satu: admin, volunteer, developer.');
  });
});
