import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';
import { delivery, page, subscription, subscriptionHandlers } from './fixtures';

describe('event subscription page', () => {
  it('lists the deliveries with status, attempts, last response and next attempt', async () => {
    server.use(
      ...subscriptionHandlers({
        deliveries: [
          delivery('d3', { status: 'pending', attempts: 2, last_status_code: 503, last_error: 'the endpoint answered 503 Service Unavailable', next_attempt_at: '2026-11-22T02:00:00Z' }),
          delivery('d2', { status: 'failed', attempts: 9, last_status_code: null, event_type: 'occurrence.missed' }),
          delivery('d1'),
        ],
      }),
    );
    renderApp('/event-subscriptions/sub-1');
    const rows = await screen.findAllByTestId('delivery-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('msg_d3')).toBeInTheDocument();
    expect(within(rows[0]).getByTestId('delivery-status')).toHaveTextContent('Pending');
    expect(within(rows[0]).getByTestId('delivery-code')).toHaveTextContent('503');
    expect(within(rows[0]).getByText(/answered 503/)).toBeInTheDocument();
    expect(within(rows[1]).getByText('occurrence.missed')).toBeInTheDocument();
    expect(within(rows[1]).getByTestId('delivery-status')).toHaveTextContent('Failed');
    expect(within(rows[2]).getByTestId('delivery-status')).toHaveTextContent('Succeeded');
    expect(within(rows[2]).getByTestId('delivery-code')).toHaveTextContent('200');
  });

  it('shows empty and error states for the deliveries, and filters them by status', async () => {
    const asked: string[] = [];
    server.use(...subscriptionHandlers());
    server.use(
      http.get(`${API}/event-subscriptions/sub-1/deliveries`, ({ request }) => {
        const status = new URL(request.url).searchParams.get('status') ?? '';
        asked.push(status);
        return status === 'failed' ? problem(429, 'rate_limited', 'Too many requests') : page([]);
      }),
    );
    const user = userEvent.setup();
    renderApp('/event-subscriptions/sub-1');
    expect(await screen.findByText('No deliveries yet.')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Status'), 'Failed');
    expect(await screen.findByText('Too many requests')).toBeInTheDocument();
    expect(asked).toContain('failed');
  });

  it('pages through the deliveries', async () => {
    const pages: string[] = [];
    server.use(...subscriptionHandlers());
    server.use(
      http.get(`${API}/event-subscriptions/sub-1/deliveries`, ({ request }) => {
        const n = new URL(request.url).searchParams.get('page') ?? '1';
        pages.push(n);
        return HttpResponse.json({ data: [delivery(`p${n}`)], page: Number(n), per_page: 20, total: 45 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/event-subscriptions/sub-1');
    expect(await screen.findByText('msg_p1')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('msg_p2')).toBeInTheDocument();
    expect(pages).toContain('2');
  });

  it('sends a test event, marks its delivery and follows its state', async () => {
    let tested = 0;
    const queued = delivery('t1', { event_type: 'test.event', status: 'pending', attempts: 0, last_status_code: null, first_attempt_at: null, last_attempt_at: null });
    server.use(...subscriptionHandlers());
    server.use(
      http.post(`${API}/event-subscriptions/sub-1/test`, () => {
        tested++;
        return HttpResponse.json(queued, { status: 202 });
      }),
      // By the time the list looks again the endpoint has answered.
      http.get(`${API}/event-subscriptions/sub-1/deliveries`, () => page(tested ? [{ ...queued, status: 'succeeded', attempts: 1, last_status_code: 200 }] : [])),
    );
    const user = userEvent.setup();
    renderApp('/event-subscriptions/sub-1');
    await screen.findByText('No deliveries yet.');
    await user.click(screen.getByRole('button', { name: 'Send test event' }));
    const box = await screen.findByTestId('test-delivery');
    expect(box).toHaveTextContent('Test event queued:');
    expect(box).toHaveTextContent('msg_t1');
    const row = await screen.findByTestId('delivery-row');
    expect(row).toHaveTextContent('test.event');
    // The box follows the delivery's state in the list.
    await waitFor(() => expect(within(box).getByTestId('delivery-status')).toHaveTextContent('Succeeded'));
    expect(row).toHaveClass('bg-sky-50');
    expect(tested).toBe(1);
  });

  it('redelivers a delivery', async () => {
    const ids: string[] = [];
    server.use(...subscriptionHandlers({ deliveries: [delivery('d1', { status: 'failed' })] }));
    server.use(
      http.post(`${API}/event-subscriptions/sub-1/deliveries/:did/redeliver`, ({ params, request }) => {
        ids.push(`${params.did}:${request.headers.get('Idempotency-Key') ? 'key' : 'nokey'}`);
        return HttpResponse.json(delivery('d9', { status: 'pending' }), { status: 202 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/event-subscriptions/sub-1');
    await user.click(await screen.findByRole('button', { name: 'Redeliver msg_d1' }));
    expect(await screen.findByText('message.delivered is queued to be delivered again (same webhook-id).')).toBeInTheDocument();
    expect(ids).toEqual(['d1:key']);
  });

  it('saves the events, description and active state with the version', async () => {
    let body: unknown;
    server.use(...subscriptionHandlers());
    server.use(
      http.patch(`${API}/event-subscriptions/sub-1`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(subscription(1, { version: 2, is_active: false, events: ['message.delivered', 'occurrence.missed', 'campaign.completed'], description: 'Nightly sync' }));
      }),
    );
    const user = userEvent.setup();
    renderApp('/event-subscriptions/sub-1');
    const description = await screen.findByLabelText('Description');
    await user.clear(description);
    await user.type(description, 'Nightly sync');
    await user.click(screen.getByRole('checkbox', { name: /campaign\.completed/ }));
    await user.click(screen.getByRole('checkbox', { name: /^Active/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(body).toEqual({
      url: 'https://emr.example.org/prima-events/1',
      description: 'Nightly sync',
      events: ['message.delivered', 'occurrence.missed', 'campaign.completed'],
      is_active: false,
      version: 1,
    });
    expect(screen.getByRole('heading', { name: 'Nightly sync', level: 1 })).toBeInTheDocument();
    expect(screen.getAllByTestId('subscription-state')[0]).toHaveTextContent('Paused');
  });

  it('says why PRIMA disabled it', async () => {
    server.use(...subscriptionHandlers({ one: subscription(1, { is_active: false, disabled_reason: 'the endpoint answered 410 Gone at 2026-11-22T03:00:00Z' }) }));
    renderApp('/event-subscriptions/sub-1');
    const banner = await screen.findByTestId('disabled-reason');
    expect(banner).toHaveTextContent('PRIMA disabled this subscription');
    expect(banner).toHaveTextContent('410 Gone');
  });

  it('rotates the secret and shows the new one once', async () => {
    const NEW = 'whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0LW5ldy1zZWNyZXQ=';
    let body: unknown;
    server.use(...subscriptionHandlers());
    server.use(
      http.post(`${API}/event-subscriptions/sub-1/rotate-secret`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ ...subscription(1, { version: 2 }), secret: NEW });
      }),
    );
    const user = userEvent.setup();
    renderApp('/event-subscriptions/sub-1');
    await user.selectOptions(await screen.findByLabelText('Old secret keeps working for'), '7 days');
    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Rotate the secret?' });
    expect(dialog).toHaveTextContent('For 7 days deliveries carry two signatures');
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    const panel = await screen.findByTestId('subscription-secret-panel');
    expect(body).toEqual({ overlap_seconds: 604800, version: 1 });
    expect(within(panel).getByTestId('subscription-secret')).toHaveTextContent(NEW);
    expect(within(panel).getByRole('heading', { name: 'New signing secret: copy it now' })).toBeInTheDocument();
  });

  it('deletes after asking', async () => {
    let ifMatch: string | null = null;
    server.use(...subscriptionHandlers());
    server.use(
      http.get(`${API}/event-subscriptions`, () => page([])),
      http.delete(`${API}/event-subscriptions/sub-1`, ({ request }) => {
        ifMatch = request.headers.get('If-Match');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/event-subscriptions/sub-1');
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete this subscription?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('No event subscriptions yet.')).toBeInTheDocument();
    await waitFor(() => expect(ifMatch).toBe('"1"'));
  });
});
