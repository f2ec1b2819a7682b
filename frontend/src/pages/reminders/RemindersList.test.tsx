import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import type { Appointment } from '../../api/types';
import { reminder } from '../../test/reminderFixtures';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';

/** Records every read of one patient (GET /patients/{id}) the page makes. */
function recordPatientReads(): string[] {
  const reads: string[] = [];
  server.events.on('request:start', ({ request }) => {
    const path = new URL(request.url).pathname;
    if (request.method === 'GET' && /\/api\/v1\/patients\/[^/]+$/.test(path) && !path.endsWith('/export')) reads.push(path);
  });
  return reads;
}

function appointment(id: string, extra: Partial<Appointment> = {}): Appointment {
  return {
    id,
    patient_id: 'p-1',
    patient_name: 'Siti Rahmawati',
    starts_at: '2026-11-24T02:00:00Z',
    timezone: 'Asia/Jakarta',
    status: 'scheduled',
    surgery_type: null,
    doctor: null,
    location: null,
    notes: null,
    created_at: '2026-11-22T01:00:00Z',
    updated_at: '2026-11-22T01:00:00Z',
    version: 1,
    ...extra,
  };
}

afterEach(() => server.events.removeAllListeners());

describe('lists that name patients', () => {
  it('the reminders page names each patient from the list, with no patient read per row', async () => {
    const reads = recordPatientReads();
    server.use(
      http.get(`${API}/reminders`, () =>
        HttpResponse.json({
          data: [
            reminder(),
            reminder({ id: 'r-2', patient_id: 'p-2', patient_name: 'Kim Min-ji', patient_timezone: 'Asia/Seoul' }),
          ],
          page: 1,
          per_page: 25,
          total: 2,
        }),
      ),
    );
    renderApp('/reminders');

    const siti = await screen.findByRole('link', { name: 'Siti Rahmawati' });
    expect(siti).toHaveAttribute('href', '/patients/p-1');
    const kim = screen.getByRole('link', { name: 'Kim Min-ji' });
    // The next dose is shown in each patient's own time zone: 01:00 UTC is 08:00 in Jakarta, 10:00 in Seoul.
    expect(within(kim.closest('tr')!).getAllByText('Tue, 24 Nov 2026, 10:00').length).toBeGreaterThan(0);
    expect(within(siti.closest('tr')!).getAllByText('Tue, 24 Nov 2026, 08:00').length).toBeGreaterThan(0);
    expect(reads).toEqual([]);
  });

  it('the appointments page names each patient from the list, with no patient read per row', async () => {
    const reads = recordPatientReads();
    server.use(
      http.get(`${API}/appointments`, () =>
        HttpResponse.json({
          data: [appointment('a-1'), appointment('a-2', { patient_id: 'p-2', patient_name: 'Kim Min-ji', timezone: 'Asia/Seoul' })],
          page: 1,
          per_page: 25,
          total: 2,
        }),
      ),
    );
    renderApp('/appointments');

    // (at phone width the name moves under the time: the page has it twice, one of them hidden)
    expect((await screen.findAllByRole('link', { name: 'Kim Min-ji' }))[0]).toHaveAttribute('href', '/patients/p-2');
    expect(screen.getAllByRole('link', { name: 'Siti Rahmawati' })[0]).toHaveAttribute('href', '/patients/p-1');
    expect(reads).toEqual([]);
  });

  it('a reminder page names the patient without reading the patient', async () => {
    const reads = recordPatientReads();
    server.use(
      http.get(`${API}/reminders/r-1`, () => HttpResponse.json(reminder())),
      http.get(`${API}/reminders/r-1/occurrences`, () => HttpResponse.json({ data: [], page: 1, per_page: 100, total: 0 })),
    );
    renderApp('/reminders/r-1');

    expect(await screen.findByRole('heading', { name: 'Medication reminder for Siti Rahmawati' })).toBeInTheDocument();
    expect(screen.getByText('Asia/Jakarta')).toBeInTheDocument();
    expect(reads).toEqual([]);
  });
});
