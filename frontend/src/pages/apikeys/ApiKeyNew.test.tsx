import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { adminUser, meFor, volunteerUser } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';
import { endOfDay } from './ApiKeyForm';
import { apiKey, KEY, page } from './fixtures';

function fieldProblem(errors: { field: string; code: string; message: string }[]) {
  return HttpResponse.json(
    { type: 'about:blank', title: 'Invalid', status: 400, detail: 'invalid', code: 'validation_failed', errors },
    { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

describe('new API key', () => {
  it('shows the key once after create, with a copy button and a curl example; it is gone after Done', async () => {
    const sent: { body: unknown; key: string | null }[] = [];
    const created = apiKey(7, { name: 'EMR sync', scopes: ['read', 'write'] });
    server.use(
      http.get(`${API}/api-keys`, () => page([created])),
      http.post(`${API}/api-keys`, async ({ request }) => {
        sent.push({ body: await request.json(), key: request.headers.get('Idempotency-Key') });
        return HttpResponse.json({ ...created, key: KEY }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/api-keys/new');
    await user.type(await screen.findByLabelText(/^Name/), 'EMR sync');
    expect(screen.getByRole('checkbox', { name: /^read/ })).toBeChecked();
    expect(screen.getByText(/Every GET and previews/)).toBeInTheDocument();
    expect(screen.getByText(/Anything that messages a patient/)).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: /^write/ }));
    await user.type(screen.getByLabelText('Expires'), '2027-06-30');
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    const panel = await screen.findByTestId('api-key-panel');
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toEqual({ name: 'EMR sync', scopes: ['read', 'write'], expires_at: endOfDay('2027-06-30') });
    expect(sent[0].key).toBeTruthy();
    expect(within(panel).getByRole('heading', { name: 'Key “EMR sync” created: copy it now' })).toBeInTheDocument();
    expect(within(panel).getByText(/This is the only time the whole key is shown/)).toBeInTheDocument();
    expect(within(panel).getByTestId('api-key-secret')).toHaveTextContent(KEY);
    expect(within(panel).getByTestId('api-key-curl')).toHaveTextContent(`curl -H "Authorization: Bearer ${KEY}" ${window.location.origin}/api/v1/patients`);
    await user.click(within(panel).getByRole('button', { name: 'Copy the API key' }));
    expect(await navigator.clipboard.readText()).toBe(KEY);
    expect(within(panel).getByRole('button', { name: 'Copy the API key' })).toHaveTextContent('Copied');

    await user.click(within(panel).getByRole('button', { name: 'I have stored the key' }));
    expect(await screen.findByRole('heading', { name: 'API keys', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText('EMR sync')).toBeInTheDocument();
    expect(document.body.textContent).not.toContain(KEY);
  });

  it('asks for a name and a scope before sending', async () => {
    let posted = 0;
    server.use(
      http.post(`${API}/api-keys`, () => {
        posted++;
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/api-keys/new');
    await user.click(await screen.findByRole('checkbox', { name: /^read/ }));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('Enter a name.')).toBeInTheDocument();
    expect(screen.getByText('Choose at least one scope.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(posted).toBe(0);
  });

  it('shows the server field errors next to the scopes and the expiry', async () => {
    server.use(
      http.post(`${API}/api-keys`, () =>
        fieldProblem([
          { field: 'scopes[1]', code: 'not_allowed', message: 'developers may only create read keys' },
          { field: 'expires_at', code: 'out_of_range', message: 'must be at most 5 years from now' },
        ]),
      ),
    );
    const user = userEvent.setup();
    renderApp('/api-keys/new');
    await user.type(await screen.findByLabelText(/^Name/), 'X');
    await user.click(screen.getByRole('checkbox', { name: /^send/ }));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(screen.getByLabelText('Expires')).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByRole('checkbox', { name: /^send/ })).toHaveAttribute('aria-invalid', 'true');
    expect(document.getElementById('api-key-scopes-error')).toBeInTheDocument();
    expect(document.getElementById('api-key-expires-error')).toBeInTheDocument();
    expect(screen.queryByTestId('api-key-panel')).not.toBeInTheDocument();
  });

  it('offers developers read keys only, and explains', async () => {
    const sent: unknown[] = [];
    server.use(
      http.get(`${API}/me`, () => HttpResponse.json(meFor({ ...adminUser, role: 'developer' }))),
      http.post(`${API}/api-keys`, async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json({ ...apiKey(8, { name: 'Reports' }), key: KEY }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/api-keys/new');
    expect(await screen.findByTestId('developer-read-only')).toHaveTextContent('As a developer you can create read keys only.');
    expect(screen.getByRole('checkbox', { name: /^read/ })).toBeEnabled();
    expect(screen.getByRole('checkbox', { name: /^write/ })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: /^send/ })).toBeDisabled();
    await user.type(screen.getByLabelText(/^Name/), 'Reports');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByTestId('api-key-panel')).toBeInTheDocument();
    expect(sent).toEqual([{ name: 'Reports', scopes: ['read'] }]);
  });

  it('refuses a volunteer', async () => {
    server.use(http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))));
    renderApp('/api-keys/new');
    expect(await screen.findByTestId('api-keys-not-allowed')).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Name/)).not.toBeInTheDocument();
  });
});
