import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { patient } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';

interface PreviewBody {
  patient_id: string;
  schedule: { frequency?: string; times?: string[]; start_date?: string };
  count?: number;
}

/** Five daily instants at the schedule's first time, as the server would compute them for Asia/Seoul (UTC+9). */
function previewFor(body: PreviewBody) {
  const [h, m] = (body.schedule.times?.[0] ?? '08:00').split(':').map(Number);
  const occurrences = Array.from({ length: body.count ?? 5 }, (_, i) => {
    const at = new Date(Date.UTC(2026, 10, 23 + i, h - 9, m)).toISOString();
    return { at, local: at };
  });
  return { timezone: 'Asia/Seoul', occurrences };
}

function setup() {
  const bodies: PreviewBody[] = [];
  server.use(
    http.get(`${API}/patients/p-1`, () => HttpResponse.json(patient(1, { name: 'Kim Minji', timezone: 'Asia/Seoul', language: 'ko' }))),
    http.get(`${API}/templates`, () => HttpResponse.json({ data: [], page: 1, per_page: 100, total: 0 })),
    http.post(`${API}/reminders/preview`, async ({ request }) => {
      const body = (await request.json()) as PreviewBody;
      bodies.push(body);
      return HttpResponse.json(previewFor(body));
    }),
  );
  return bodies;
}

const previewList = () => screen.findByRole('list', { name: 'Next five times' });

describe('schedule builder', () => {
  it('shows the next five times in the patient time zone and follows a changed time', async () => {
    const bodies = setup();
    renderApp('/reminders/new?patient_id=p-1');

    expect(await screen.findByText('Kim Minji · +6281234567001')).toBeInTheDocument();
    let items = within(await previewList()).getAllByRole('listitem');
    expect(items).toHaveLength(5);
    for (const item of items) expect(item).toHaveTextContent('08:00');
    expect(items[0]).toHaveTextContent('Mon, 23 Nov 2026, 08:00');
    expect(screen.getByText(/Times in Asia\/Seoul/)).toBeInTheDocument();
    expect(bodies.at(-1)).toEqual({ patient_id: 'p-1', schedule: expect.objectContaining({ frequency: 'daily', times: ['08:00'] }), count: 5 });

    fireEvent.change(screen.getByLabelText('Time 1'), { target: { value: '21:30' } });
    await screen.findByText('Mon, 23 Nov 2026, 21:30');
    items = within(await previewList()).getAllByRole('listitem');
    expect(items).toHaveLength(5);
    for (const item of items) expect(item).toHaveTextContent('21:30');
    expect(bodies.at(-1)?.schedule.times).toEqual(['21:30']);
    expect(screen.getByTestId('schedule-summary')).toHaveTextContent('Every day at 21:30');
  });

  it('asks only for the fields of the chosen frequency and describes the schedule in words', async () => {
    const bodies = setup();
    const user = userEvent.setup();
    renderApp('/reminders/new?patient_id=p-1');
    await previewList();

    await user.click(screen.getByRole('radio', { name: 'On weekdays' }));
    await user.click(screen.getByRole('checkbox', { name: 'Thursday' }));
    await user.click(screen.getByRole('button', { name: 'Add a time' }));
    expect(screen.getByTestId('schedule-summary')).toHaveTextContent(/^Every Mon and Thu at 08:00 and 12:00, from /);
    await waitFor(() => expect(bodies.at(-1)?.schedule).toMatchObject({ frequency: 'weekly', weekdays: ['mon', 'thu'], times: ['08:00', '12:00'] }));
    expect(bodies.at(-1)?.schedule).not.toHaveProperty('interval');
  });

  it('shows why the server cannot preview the schedule beside the field concerned', async () => {
    setup();
    server.use(
      http.post(`${API}/reminders/preview`, async ({ request }) => {
        const body = (await request.json()) as PreviewBody;
        if (body.schedule.frequency !== 'rrule') return HttpResponse.json(previewFor(body));
        return problem(400, 'validation_failed', 'The request is not valid.', [{ field: 'schedule.rrule', message: 'FREQ is required' }]);
      }),
    );
    const user = userEvent.setup();
    renderApp('/reminders/new?patient_id=p-1');
    await previewList();
    await user.click(screen.getByRole('radio', { name: 'Custom rule' }));
    const rule = screen.getByLabelText('Rule (RFC 5545 RRULE)');
    await waitFor(() => expect(rule).toHaveAccessibleDescription(/FREQ is required/));
    expect(rule).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('Fix the marked schedule fields.');
  });
});
