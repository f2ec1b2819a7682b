import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { patient } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';

describe('patient form', () => {
  it('shows the server error for the phone number beside the phone field', async () => {
    let sent: Record<string, unknown> | undefined;
    server.use(
      http.post(`${API}/patients`, async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return problem(400, 'validation_failed', 'The request is not valid.', [
          { field: 'phone', message: 'not a valid phone number for region ID' },
        ]);
      }),
    );
    const user = userEvent.setup();
    renderApp('/patients/new');

    await user.type(await screen.findByLabelText(/^name/i), 'Siti Rahayu');
    const phone = screen.getByLabelText(/phone number/i);
    await user.type(phone, '12345');
    await user.click(screen.getByRole('button', { name: 'Create patient' }));

    expect(await screen.findByText('not a valid phone number for region ID')).toBeInTheDocument();
    expect(phone).toHaveAttribute('aria-invalid', 'true');
    expect(phone).toHaveAccessibleDescription(/not a valid phone number for region ID/);
    // The message sits in the phone field's own block, not in a banner.
    expect(within(phone.parentElement!).getByText('not a valid phone number for region ID')).toBeInTheDocument();
    expect(screen.getByLabelText(/^name/i)).not.toHaveAttribute('aria-invalid');
    expect(sent).toMatchObject({ name: 'Siti Rahayu', phone: '12345', consent: 'pending' });
  });

  it('refuses to submit without a name and a phone number', async () => {
    const user = userEvent.setup();
    renderApp('/patients/new');
    await user.click(await screen.findByRole('button', { name: 'Create patient' }));
    expect(screen.getByLabelText(/^name/i)).toHaveAccessibleDescription('This field is required.');
    expect(screen.getByLabelText(/phone number/i)).toHaveAccessibleDescription(/This field is required\./);
  });

  it('sends the version it read and explains a conflicting change', async () => {
    let sent: Record<string, unknown> | undefined;
    server.use(
      http.get(`${API}/patients/p-7`, () => HttpResponse.json(patient(7, { version: 4 }))),
      http.patch(`${API}/patients/p-7`, async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return problem(409, 'conflict', 'The patient was changed by another request.');
      }),
    );
    const user = userEvent.setup();
    renderApp('/patients/p-7/edit');

    const name = await screen.findByLabelText(/^name/i);
    expect(name).toHaveValue('Patient 7');
    await user.clear(name);
    await user.type(name, 'Patient Seven');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/changed by someone else/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument();
    expect(sent).toEqual({ name: 'Patient Seven', version: 4 });
  });
});
