import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { patient } from '../../test/fixtures';
import { occurrence, reminder } from '../../test/reminderFixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';

function setup() {
  const confirmed: string[] = [];
  server.use(
    http.get(`${API}/reminders/r-1`, () => HttpResponse.json(reminder())),
    http.get(`${API}/patients/p-1`, () => HttpResponse.json(patient(1, { name: 'Siti Rahmawati' }))),
    http.get(`${API}/reminders/r-1/occurrences`, () =>
      HttpResponse.json({
        data: [
          occurrence('o-2', { due_at: '2026-11-23T01:00:00Z', state: 'missed', message_id: 'm-2', message_status: 'delivered' }),
          occurrence('o-1', { due_at: '2026-11-22T01:00:00Z', state: 'confirmed', confirmed_at: '2026-11-22T01:20:00Z', confirmed_by: 'patient' }),
        ],
        page: 1,
        per_page: 100,
        total: 2,
      }),
    ),
    http.post(`${API}/occurrences/:id/confirm`, ({ params }) => {
      confirmed.push(String(params.id));
      return HttpResponse.json(
        occurrence(String(params.id), { due_at: '2026-11-23T01:00:00Z', state: 'confirmed', confirmed_at: '2026-11-23T05:00:00Z', confirmed_by: 'staff', message_id: 'm-2' }),
      );
    }),
  );
  return confirmed;
}

describe('reminder occurrences', () => {
  it('shows due times in the patient time zone and flips a chip when staff confirm', async () => {
    const confirmed = setup();
    const user = userEvent.setup();
    renderApp('/reminders/r-1');

    expect(await screen.findByRole('heading', { name: 'Medication reminder for Siti Rahmawati' })).toBeInTheDocument();
    const row = await screen.findByTestId('occurrence-o-2');
    // 01:00 UTC is 08:00 in Asia/Jakarta.
    expect(row).toHaveTextContent('Mon, 23 Nov 2026, 08:00');
    expect(within(row).getByText('Missed')).toBeInTheDocument();
    expect(within(screen.getByTestId('occurrence-o-1')).queryByRole('button')).not.toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: 'Confirm the dose due Mon, 23 Nov 2026, 08:00' }));

    expect(await within(row).findByText('Confirmed')).toBeInTheDocument();
    expect(within(row).queryByText('Missed')).not.toBeInTheDocument();
    expect(within(row).getByText('(by staff)')).toBeInTheDocument();
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();
    expect(confirmed).toEqual(['o-2']);
  });

  it('keeps the chip and explains when confirming fails', async () => {
    setup();
    server.use(http.post(`${API}/occurrences/:id/confirm`, () => problem(409, 'conflict', 'The occurrence was already skipped.')));
    const user = userEvent.setup();
    renderApp('/reminders/r-1');
    const row = await screen.findByTestId('occurrence-o-2');
    await user.click(within(row).getByRole('button', { name: /Confirm/ }));
    expect(await screen.findByText('The occurrence was already skipped.')).toBeInTheDocument();
    expect(within(row).getByText('Missed')).toBeInTheDocument();
  });
});
