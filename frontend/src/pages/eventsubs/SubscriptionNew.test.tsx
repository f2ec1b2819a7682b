import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';
import { SECRET, subscription, subscriptionHandlers } from './fixtures';

function fieldProblem(errors: { field: string; code: string; message: string }[]) {
  return HttpResponse.json(
    { type: 'about:blank', title: 'Invalid', status: 400, detail: 'invalid', code: 'validation_failed', errors },
    { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

describe('new event subscription', () => {
  it('offers the nine event types in four groups, and shows the secret once after create', async () => {
    const created = subscription(7, { url: 'https://emr.example.org/hooks', description: 'EMR adherence sync', events: ['message.failed', 'occurrence.missed'] });
    const sent: { body: unknown; key: string | null }[] = [];
    server.use(...subscriptionHandlers({ one: created }));
    server.use(
      http.post(`${API}/event-subscriptions`, async ({ request }) => {
        sent.push({ body: await request.json(), key: request.headers.get('Idempotency-Key') });
        return HttpResponse.json({ ...created, secret: SECRET }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    const view = renderApp('/event-subscriptions/new');
    await user.type(await screen.findByLabelText(/^Endpoint URL/), 'https://emr.example.org/hooks');
    await user.type(screen.getByLabelText('Description'), 'EMR adherence sync');
    const groups = ['Messages', 'Doses and visits', 'Patients and conversations', 'Workflows and campaigns'].map((name) => screen.getByRole('group', { name }));
    expect(groups.map((g) => within(g).getAllByRole('checkbox').length)).toEqual([3, 2, 2, 2]);
    await user.click(within(groups[1]).getByRole('checkbox', { name: /occurrence\.missed/ }));
    await user.click(within(groups[0]).getByRole('checkbox', { name: /message\.failed/ }));
    await user.click(screen.getByRole('button', { name: 'Create subscription' }));

    const panel = await screen.findByTestId('subscription-secret-panel');
    expect(sent).toHaveLength(1);
    // Events in the order the page offers them, whatever the order they were ticked.
    expect(sent[0].body).toEqual({ url: 'https://emr.example.org/hooks', description: 'EMR adherence sync', events: ['message.failed', 'occurrence.missed'], is_active: true });
    expect(sent[0].key).toBeTruthy();
    expect(within(panel).getByRole('heading', { name: 'Subscription created: copy its signing secret now' })).toBeInTheDocument();
    expect(within(panel).getByText(/It will not be shown again/)).toBeInTheDocument();
    expect(within(panel).getByTestId('subscription-secret')).toHaveTextContent(SECRET);
    await user.click(within(panel).getByRole('button', { name: 'Copy the secret' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);

    view.unmount();
    renderApp('/event-subscriptions/sub-7');
    expect(await screen.findByRole('heading', { name: 'EMR adherence sync', level: 1 })).toBeInTheDocument();
    expect(screen.queryByTestId('subscription-secret-panel')).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('asks for a URL and an event before sending', async () => {
    let posted = 0;
    server.use(
      http.post(`${API}/event-subscriptions`, () => {
        posted++;
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/event-subscriptions/new');
    await user.click(await screen.findByRole('button', { name: 'Create subscription' }));
    expect(await screen.findByText('Enter the endpoint URL.')).toBeInTheDocument();
    expect(screen.getByText('Choose at least one event.')).toBeInTheDocument();
    expect(posted).toBe(0);
  });

  it('shows the server field errors next to the URL and the events', async () => {
    server.use(
      http.post(`${API}/event-subscriptions`, () =>
        fieldProblem([
          { field: 'url', code: 'invalid_format', message: 'must be an https URL such as https://example.org/prima-events' },
          { field: 'events[0]', code: 'duplicate', message: 'is given twice' },
        ]),
      ),
    );
    const user = userEvent.setup();
    renderApp('/event-subscriptions/new');
    await user.type(await screen.findByLabelText(/^Endpoint URL/), 'http://emr.example.org');
    await user.click(screen.getByRole('checkbox', { name: /message\.sent/ }));
    await user.click(screen.getByRole('button', { name: 'Create subscription' }));
    await waitFor(() => expect(screen.getByLabelText(/^Endpoint URL/)).toHaveAttribute('aria-invalid', 'true'));
    expect(document.getElementById('sub-url-error')).toBeInTheDocument();
    expect(document.getElementById('sub-events-error')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: /message\.sent/ })).toHaveAttribute('aria-invalid', 'true');
  });
});
