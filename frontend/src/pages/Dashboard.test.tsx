import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { dashboardStats } from '../test/fixtures';
import { renderApp } from '../test/renderApp';
import { API, problem, server } from '../test/server';

describe('dashboard', () => {
  it('shows the key numbers, the charts and today’s reminders in the clinic time zone', async () => {
    server.use(
      http.get(`${API}/stats/dashboard`, () =>
        HttpResponse.json(
          dashboardStats({
            patients: 1234,
            delivery_rate: 0.9375,
            upcoming_today: [{ reminder_id: 'r-1', patient_id: 'p-1', patient_name: 'Siti Rahmawati', due_at: '2026-11-22T13:00:00Z', type: 'medication' }],
          }),
        ),
      ),
    );
    renderApp('/');
    expect(await screen.findByText('1,234')).toBeInTheDocument();
    expect(screen.getByText('93.8%')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Messages per day by channel' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Adherence, last 30 days' })).toBeInTheDocument();
    const channelTable = screen.getByRole('table', { name: 'Messages per day by channel' });
    expect(within(channelTable).getByRole('columnheader', { name: 'WhatsApp' })).toBeInTheDocument();
    // 13:00 UTC is 20:00 in Asia/Jakarta.
    const link = screen.getByRole('link', { name: 'Siti Rahmawati' });
    expect(link).toHaveAttribute('href', '/reminders/r-1');
    expect(link.parentElement).toHaveTextContent('20:00');
  });

  it('shows an error with a retry button when the numbers cannot be loaded', async () => {
    server.use(http.get(`${API}/stats/dashboard`, () => problem(404, 'not_found', 'Not found')));
    renderApp('/');
    expect(await screen.findByRole('alert')).toHaveTextContent('This item does not exist');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
