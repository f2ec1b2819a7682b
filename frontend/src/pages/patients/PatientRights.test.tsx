import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { meFor, patient, volunteerUser } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';

const patientPage = [
  http.get(`${API}/patients/p-3`, () => HttpResponse.json(patient(3, { name: 'Sari' }))),
  http.get(`${API}/patients/:id/timeline`, () => HttpResponse.json({ data: [] })),
];

const erasure = {
  patient_id: 'p-3',
  erased_at: '2026-11-22T01:00:00Z',
  already_erased: false,
  erased: {
    patient: 1, messages: 4, messages_cancelled: 0, message_attempts: 0, appointments: 1, reminders: 1, workflow_executions: 0,
    workflow_steps: 0, webhook_calls: 0, idempotency_records: 0, notifications: 0, inbound_jobs: 0, unknown_senders: 0, files: 0, other: {},
  },
};

afterEach(() => vi.restoreAllMocks());

describe('patient rights on the patient page', () => {
  it('downloads the whole record as the file the server names', async () => {
    const urls: string[] = [];
    server.use(
      ...patientPage,
      http.get(`${API}/patients/p-3/export`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json({ patient: { id: 'p-3' } }, { headers: { 'Content-Disposition': 'attachment; filename="patient-p-3.json"' } });
      }),
    );
    const created = vi.fn(() => 'blob:record');
    URL.createObjectURL = created;
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const user = userEvent.setup();
    renderApp('/patients/p-3');
    await user.click(await screen.findByRole('button', { name: 'Export record' }));
    await vi.waitFor(() => expect(click).toHaveBeenCalled());
    expect(urls).toHaveLength(1);
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('patient-p-3.json');
  });

  it('erases only once the confirmation word is typed, then leaves the page', async () => {
    const bodies: unknown[] = [];
    server.use(
      ...patientPage,
      http.post(`${API}/patients/p-3/erase`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(erasure);
      }),
    );
    const user = userEvent.setup();
    renderApp('/patients/p-3');
    await user.click(await screen.findByRole('button', { name: 'Erase patient' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Erase this patient for good?' });
    expect(dialog).toHaveTextContent('Sari');
    const confirm = screen.getByRole('button', { name: 'Erase for good' });
    expect(confirm).toBeDisabled();
    await user.type(screen.getByLabelText('Type ERASE to confirm'), 'erase');
    expect(confirm).toBeDisabled();
    await user.clear(screen.getByLabelText('Type ERASE to confirm'));
    await user.type(screen.getByLabelText('Type ERASE to confirm'), 'ERASE');
    await user.click(confirm);
    expect(await screen.findByRole('heading', { name: 'Patients' })).toBeInTheDocument();
    expect(bodies).toEqual([{ confirm: 'ERASE' }]);
  });

  it('shows the server refusal in the dialog', async () => {
    server.use(...patientPage, http.post(`${API}/patients/p-3/erase`, () => problem(403, 'forbidden', 'Only admins erase patients.')));
    const user = userEvent.setup();
    renderApp('/patients/p-3');
    await user.click(await screen.findByRole('button', { name: 'Erase patient' }));
    await user.type(screen.getByLabelText('Type ERASE to confirm'), 'ERASE');
    await user.click(screen.getByRole('button', { name: 'Erase for good' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.getByRole('alertdialog')).toBeInTheDocument();
  });

  it('is not offered to volunteers', async () => {
    server.use(...patientPage, http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))));
    renderApp('/patients/p-3');
    expect(await screen.findByRole('heading', { name: 'Sari' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Export record' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Erase patient' })).not.toBeInTheDocument();
  });
});
