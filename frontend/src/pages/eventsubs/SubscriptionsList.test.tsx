import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { meFor, volunteerUser } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';
import { page, subscription } from './fixtures';

describe('event subscriptions list', () => {
  it('shows loading, then an empty list with a hint and the create link', async () => {
    server.use(http.get(`${API}/event-subscriptions`, () => page([])));
    renderApp('/event-subscriptions');
    expect(screen.getByRole('status')).toHaveTextContent(/Loading/);
    expect(await screen.findByText('No event subscriptions yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /New subscription/ })).toHaveAttribute('href', '/event-subscriptions/new');
  });

  it('lists subscriptions with their URL, number of events and state (with the reason PRIMA disabled one)', async () => {
    server.use(
      http.get(`${API}/event-subscriptions`, () =>
        page([
          subscription(1, { events: ['message.sent', 'message.delivered', 'message.failed'] }),
          subscription(2, { is_active: false, disabled_reason: 'the endpoint answered 410 Gone at 2026-11-22T03:00:00Z', events: ['occurrence.missed'] }),
          subscription(3, { is_active: false }),
        ]),
      ),
    );
    renderApp('/event-subscriptions');
    const rows = await screen.findAllByTestId('subscription-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByRole('link', { name: 'https://emr.example.org/prima-events/1' })).toHaveAttribute('href', '/event-subscriptions/sub-1');
    expect(within(rows[0]).getByText('EMR sync 1')).toBeInTheDocument();
    expect(within(rows[0]).getAllByText(/3 events/).length).toBeGreaterThan(0);
    expect(within(rows[0]).getByTestId('subscription-state')).toHaveTextContent('Active');
    expect(within(rows[1]).getAllByText(/1 event\b/).length).toBeGreaterThan(0);
    expect(within(rows[1]).getByTestId('subscription-state')).toHaveTextContent('Disabled by PRIMA');
    expect(within(rows[1]).getByText(/answered 410 Gone/)).toBeInTheDocument();
    expect(within(rows[2]).getByTestId('subscription-state')).toHaveTextContent('Paused');
  });

  it('shows an error with a retry', async () => {
    let calls = 0;
    server.use(http.get(`${API}/event-subscriptions`, () => (++calls === 1 ? problem(429, 'rate_limited', 'Too many requests; try again in a minute.') : page([subscription(1)]))));
    const user = userEvent.setup();
    renderApp('/event-subscriptions');
    // A client error is not retried by the query client: the error state shows at once.
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many requests');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('EMR sync 1')).toBeInTheDocument();
  });

  it('tells a volunteer it is not available, with no navigation entry and no request', async () => {
    let asked = 0;
    server.use(
      http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))),
      http.get(`${API}/event-subscriptions`, () => {
        asked++;
        return problem(403, 'forbidden', 'no');
      }),
    );
    renderApp('/event-subscriptions');
    expect(await screen.findByTestId('event-subs-not-allowed')).toHaveTextContent('Only admins and developers manage event subscriptions.');
    const nav = screen.getAllByRole('navigation', { name: 'Main navigation' })[0];
    expect(within(nav).queryByRole('link', { name: 'Event subscriptions' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /New subscription/ })).not.toBeInTheDocument();
    expect(asked).toBe(0);
  });

  it('refuses a volunteer on the new and detail pages too, in Bahasa Indonesia', async () => {
    await i18n.changeLanguage('id');
    server.use(http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))));
    const view = renderApp('/event-subscriptions/new');
    expect(await screen.findByTestId('event-subs-not-allowed')).toHaveTextContent('Tidak diizinkan');
    view.unmount();
    renderApp('/event-subscriptions/sub-1');
    expect(await screen.findByTestId('event-subs-not-allowed')).toBeInTheDocument();
  });
});
