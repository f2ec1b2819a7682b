import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Message, MessageDetail } from '../../api/types';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';

function message(id: string, extra: Partial<Message> = {}): Message {
  return {
    id,
    patient_id: 'p-1',
    patient_name: 'Siti Rahmawati',
    to_phone: '+6281234567001',
    direction: 'outbound',
    channel: 'sms',
    channel_order: ['whatsapp', 'sms'],
    status: 'delivered',
    skip_reason: null,
    body: 'Halo Siti, saatnya minum Tamoxifen 20 mg.',
    source: 'reminder',
    source_id: 'o-1',
    provider_message_id: 'nhn-1',
    automated: true,
    ai_generated: false,
    error_code: null,
    error_message: null,
    total_attempts: 2,
    next_attempt_at: null,
    send_before: null,
    created_by: null,
    created_at: '2026-11-22T01:00:00Z',
    updated_at: '2026-11-22T01:05:00Z',
    sent_at: '2026-11-22T01:04:00Z',
    delivered_at: '2026-11-22T01:05:00Z',
    read_at: null,
    failed_at: null,
    intent: null,
    intent_confidence: null,
    intent_source: null,
    replied_to_message_id: null,
    ...extra,
  };
}

const failedOver: MessageDetail = {
  ...message('m-1'),
  attempts: [
    {
      attempt_no: 1,
      channel: 'whatsapp',
      status: 'failed',
      error_code: 'NOT_ON_WHATSAPP',
      error_message: 'the number is not on WhatsApp',
      provider_message_id: null,
      at: '2026-11-22T01:00:05Z',
      finished_at: '2026-11-22T01:00:06Z',
    },
    { attempt_no: 2, channel: 'sms', status: 'sent', error_code: null, error_message: null, provider_message_id: 'nhn-1', at: '2026-11-22T01:04:00Z', finished_at: '2026-11-22T01:04:01Z' },
  ],
};

function setup() {
  const retried: unknown[] = [];
  const listQueries: URLSearchParams[] = [];
  server.use(
    http.get(`${API}/messages`, ({ request }) => {
      listQueries.push(new URL(request.url).searchParams);
      return HttpResponse.json({
        data: [
          message('m-1'),
          message('m-2', { status: 'failed', channel: 'whatsapp', error_code: 'TIMEOUT', error_message: 'provider timed out', delivered_at: null, sent_at: null }),
          message('m-3', { status: 'skipped', skip_reason: 'no_consent', total_attempts: 0, delivered_at: null, sent_at: null }),
        ],
        page: 1,
        per_page: 50,
        total: 3,
      });
    }),
    http.get(`${API}/messages/m-1`, () => HttpResponse.json(failedOver)),
    http.post(`${API}/messages/retry`, async ({ request }) => {
      retried.push(await request.json());
      return HttpResponse.json({ retried: 1 });
    }),
  );
  return { retried, listQueries };
}

describe('message log', () => {
  it('shows both attempts of a failed-over message in the detail drawer', async () => {
    setup();
    const user = userEvent.setup();
    renderApp('/messages');

    const table = await screen.findByRole('table');
    expect(within(table).getByText('No consent')).toBeInTheDocument();
    const rows = within(table).getAllByRole('row');
    await user.click(within(rows[1]).getByRole('button', { name: /Open message from/ }));

    const drawer = await screen.findByRole('dialog', { name: 'Message' });
    const attempts = await within(drawer).findAllByTestId('attempt');
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toHaveTextContent('Attempt 1');
    expect(attempts[0]).toHaveTextContent('WhatsApp');
    expect(within(attempts[0]).getByText('Failed')).toBeInTheDocument();
    expect(attempts[0]).toHaveTextContent('NOT_ON_WHATSAPP: the number is not on WhatsApp');
    expect(attempts[1]).toHaveTextContent('Attempt 2');
    expect(attempts[1]).toHaveTextContent('SMS');
    expect(within(attempts[1]).getByText('Sent')).toBeInTheDocument();
    expect(within(drawer).getByText('Failed over')).toBeInTheDocument();
    expect(within(drawer).getByText('WhatsApp → SMS')).toBeInTheDocument();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('retries the selected failed messages and filters by status', async () => {
    const { retried, listQueries } = setup();
    const user = userEvent.setup();
    renderApp('/messages');

    await screen.findByRole('table');
    // Only failed messages can be selected.
    expect(screen.getAllByRole('checkbox', { name: /Select the message to/ })).toHaveLength(1);
    await user.click(screen.getByRole('checkbox', { name: 'Select the message to Siti Rahmawati' }));
    await user.click(screen.getByRole('button', { name: 'Retry 1 message' }));
    expect(await screen.findByText('1 message queued again.')).toBeInTheDocument();
    expect(retried).toEqual([{ ids: ['m-2'] }]);

    await user.selectOptions(screen.getByLabelText('Status'), 'failed');
    await screen.findByRole('table');
    expect(listQueries.at(-1)?.get('status')).toBe('failed');
  });
});
