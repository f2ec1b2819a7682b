import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { adminUser, meFor, volunteerUser } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';
import { webhook, webhookHandlers } from './fixtures';

/** The default webhook handlers, with overrides taking precedence. */
function use(...overrides: Parameters<typeof server.use>) {
  server.use(...webhookHandlers());
  server.use(...overrides);
}

const page = <T,>(data: T[]) => HttpResponse.json({ data, page: 1, per_page: 25, total: data.length });

describe('webhooks list', () => {
  it('shows loading, then an empty list with a hint and the create link', async () => {
    use(http.get(`${API}/webhooks`, () => page([])));
    renderApp('/webhooks');
    expect(screen.getByRole('status')).toHaveTextContent(/Loading/);
    expect(await screen.findByText('No webhooks yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /New webhook/ })).toHaveAttribute('href', '/webhooks/new');
  });

  it('lists webhooks with their workflow, state and last call', async () => {
    use(
      http.get(`${API}/webhooks`, () =>
        page([
          webhook(1, { name: 'EMR surgery bookings', workflow_id: 'wf-1', last_called_at: '2026-11-22T01:00:00Z' }),
          webhook(2, { name: 'Booking system', is_active: false }),
        ]),
      ),
    );
    renderApp('/webhooks');
    const rows = await screen.findAllByTestId('webhook-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByRole('link', { name: 'EMR surgery bookings' })).toHaveAttribute('href', '/webhooks/wh-1');
    expect((await within(rows[0]).findAllByText('Post-surgery follow-up')).length).toBeGreaterThan(0);
    expect(within(rows[0]).getByText('Active')).toBeInTheDocument();
    expect(within(rows[0]).getAllByText(/22 Nov 2026/).length).toBeGreaterThan(0);
    expect(within(rows[1]).getByText('Inactive')).toBeInTheDocument();
    expect(within(rows[1]).getAllByText('Not bound').length).toBeGreaterThan(0);
    expect(within(rows[1]).getAllByText('Never').length).toBeGreaterThan(0);
  });

  it('shows an error with a retry', async () => {
    let calls = 0;
    use(
      http.get(`${API}/webhooks`, () => (++calls === 1 ? problem(429, 'rate_limited', 'Too many requests; try again in a minute.') : page([webhook(1)]))),
    );
    const user = userEvent.setup();
    renderApp('/webhooks');
    // A client error is not retried by the query client: the error state shows at once.
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many requests');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Webhook 1' })).toBeInTheDocument();
  });

  it('tells a volunteer they are not allowed, without asking for the webhooks', async () => {
    let asked = 0;
    use(
      http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))),
      http.get(`${API}/webhooks`, () => {
        asked++;
        return problem(403, 'forbidden', 'Your role does not allow this.');
      }),
    );
    renderApp('/webhooks');
    expect(await screen.findByTestId('webhooks-not-allowed')).toHaveTextContent('Only admins and developers manage webhooks.');
    expect(screen.queryByRole('link', { name: /New webhook/ })).not.toBeInTheDocument();
    expect(asked).toBe(0);
  });

  it('shows the same state when the API refuses (403), in Bahasa Indonesia', async () => {
    await i18n.changeLanguage('id');
    use(
      http.get(`${API}/me`, () => HttpResponse.json(meFor({ ...adminUser, role: 'developer' }))),
      http.get(`${API}/webhooks`, () => problem(403, 'forbidden', 'Your role does not allow this.')),
    );
    renderApp('/webhooks');
    expect(await screen.findByText('Tidak diizinkan')).toBeInTheDocument();
  });

  it('refuses a volunteer on a webhook page too', async () => {
    use(http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))));
    renderApp('/webhooks/wh-1');
    expect(await screen.findByTestId('webhooks-not-allowed')).toBeInTheDocument();
  });
});
