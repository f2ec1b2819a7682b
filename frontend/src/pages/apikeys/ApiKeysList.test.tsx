import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { adminUser, meFor, volunteerUser } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';
import { apiKey, page } from './fixtures';

const DAY = 86_400_000;

describe('API keys list', () => {
  it('shows loading, then an empty list with a hint and the create link', async () => {
    server.use(http.get(`${API}/api-keys`, () => page([])));
    renderApp('/api-keys');
    expect(screen.getByRole('status')).toHaveTextContent(/Loading/);
    expect(await screen.findByText('No API keys yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /New API key/ })).toHaveAttribute('href', '/api-keys/new');
  });

  it('lists keys with their prefix, scopes, last use, expiry and status', async () => {
    const soon = new Date(Date.now() + 30 * DAY).toISOString();
    server.use(
      http.get(`${API}/api-keys`, () =>
        page([
          apiKey(1, { name: 'EMR sync', scopes: ['read', 'write'], last_used_at: new Date(Date.now() - 5 * 60_000).toISOString(), expires_at: soon }),
          apiKey(2, { name: 'Old export', revoked_at: '2026-11-21T01:00:00Z' }),
          apiKey(3, { name: 'Trial', expires_at: '2026-01-01T00:00:00Z' }),
        ]),
      ),
    );
    renderApp('/api-keys');
    const rows = await screen.findAllByTestId('api-key-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('EMR sync')).toBeInTheDocument();
    expect(within(rows[0]).getByText('prima_ab12c1…')).toBeInTheDocument();
    expect(within(within(rows[0]).getAllByTestId('key-scopes')[0]).getByText('write')).toBeInTheDocument();
    expect(within(rows[0]).getAllByText('5 min ago').length).toBeGreaterThan(0);
    expect(within(rows[0]).getByTestId('key-status')).toHaveTextContent('Active');
    expect(within(rows[0]).getByRole('button', { name: 'Revoke EMR sync' })).toBeInTheDocument();
    expect(within(rows[1]).getByTestId('key-status')).toHaveTextContent('Revoked');
    expect(within(rows[1]).getAllByText('Never').length).toBeGreaterThan(0);
    expect(within(rows[1]).getAllByText('No expiry').length).toBeGreaterThan(0);
    // A revoked key cannot be revoked again.
    expect(within(rows[1]).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
    expect(within(rows[2]).getByTestId('key-status')).toHaveTextContent('Expired');
  });

  it('shows an error with a retry', async () => {
    let calls = 0;
    server.use(http.get(`${API}/api-keys`, () => (++calls === 1 ? problem(429, 'rate_limited', 'Too many requests; try again in a minute.') : page([apiKey(1)]))));
    const user = userEvent.setup();
    renderApp('/api-keys');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many requests');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Key 1')).toBeInTheDocument();
  });

  it('revokes a key after asking, and lists it as revoked', async () => {
    let revoked = false;
    const deleted: string[] = [];
    server.use(
      http.get(`${API}/api-keys`, () => page([apiKey(1, { name: 'EMR sync', revoked_at: revoked ? new Date().toISOString() : null })])),
      http.delete(`${API}/api-keys/:id`, ({ params }) => {
        deleted.push(String(params.id));
        revoked = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/api-keys');
    await user.click(await screen.findByRole('button', { name: 'Revoke EMR sync' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Revoke this API key?' });
    expect(dialog).toHaveTextContent('“EMR sync” (prima_ab12c1…) is refused from the next request on.');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(deleted).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Revoke EMR sync' }));
    dialog = screen.getByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(screen.getByTestId('key-status')).toHaveTextContent('Revoked'));
    expect(deleted).toEqual(['key-1']);
    expect(screen.getByText('“EMR sync” is revoked.')).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('keeps the dialog open with the error when revoking fails', async () => {
    server.use(
      http.get(`${API}/api-keys`, () => page([apiKey(1)])),
      http.delete(`${API}/api-keys/:id`, () => problem(500, 'internal', 'boom')),
    );
    const user = userEvent.setup();
    renderApp('/api-keys');
    await user.click(await screen.findByRole('button', { name: 'Revoke Key 1' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Revoke key' }));
    expect(await within(screen.getByRole('alertdialog')).findByRole('alert')).toHaveTextContent(/req-1/);
  });

  it('is in the navigation of admins and developers, next to the webhooks', async () => {
    server.use(http.get(`${API}/api-keys`, () => page([])));
    renderApp('/api-keys');
    const nav = (await screen.findAllByRole('navigation', { name: 'Main navigation' }))[0];
    const labels = within(nav).getAllByRole('link').map((a) => a.textContent);
    expect(labels.indexOf('API keys')).toBeGreaterThan(labels.indexOf('Webhooks'));
    expect(labels.indexOf('API keys') - labels.indexOf('Webhooks')).toBeLessThanOrEqual(2);
  });

  it('tells a volunteer it is not available, with no navigation entry and no request', async () => {
    let asked = 0;
    server.use(
      http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))),
      http.get(`${API}/api-keys`, () => {
        asked++;
        return problem(403, 'forbidden', 'Only admins and developers manage API keys.');
      }),
    );
    renderApp('/api-keys');
    expect(await screen.findByTestId('api-keys-not-allowed')).toHaveTextContent('Only admins and developers manage API keys.');
    expect(screen.queryByRole('link', { name: /New API key/ })).not.toBeInTheDocument();
    const nav = screen.getAllByRole('navigation', { name: 'Main navigation' })[0];
    expect(within(nav).queryByRole('link', { name: 'API keys' })).not.toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Webhooks' })).not.toBeInTheDocument();
    expect(asked).toBe(0);
  });

  it('shows the same state when the API refuses (403), in Korean', async () => {
    await i18n.changeLanguage('ko');
    server.use(
      http.get(`${API}/me`, () => HttpResponse.json(meFor({ ...adminUser, role: 'developer' }))),
      http.get(`${API}/api-keys`, () => problem(403, 'forbidden', 'no')),
    );
    renderApp('/api-keys');
    expect(await screen.findByTestId('api-keys-not-allowed')).toHaveTextContent('API 키는 관리자와 개발자만 관리할 수 있습니다.');
  });
});
