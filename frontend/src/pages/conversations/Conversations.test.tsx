import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { renderApp } from '../../test/renderApp';
import { adminUser, meFor } from '../../test/fixtures';
import { API, problem, server } from '../../test/server';
import { budiThread, conversation, inbound, message } from './fixtures';
import type { Conversation } from './types';

const INBOX: Conversation[] = [
  conversation(1, { patient_name: 'Budi Santoso', flag: 'urgent', unread_count: 2, last_intent: 'urgent', last_inbound_preview: 'Dok, saya demam tinggi' }),
  conversation(2, { patient_name: 'Siti Rahmawati', flag: 'needs_reply', unread_count: 1, last_intent: 'question', last_inbound_preview: 'Apakah tamoxifen boleh diminum sebelum makan?' }),
  conversation(3, { patient_name: 'Maria Gonzales', status: 'resolved', last_intent: 'greeting', last_inbound_preview: 'Good morning!' }),
];

function inbox(rows: Conversation[] = INBOX) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(`${API}/conversations`, ({ request }) => {
      queries.push(new URL(request.url).searchParams);
      return HttpResponse.json({ data: rows, page: 1, per_page: 25, total: rows.length });
    }),
  );
  return queries;
}

describe('conversations inbox', () => {
  it('lists urgent first with its badge, unread counts, previews and translated intents', async () => {
    inbox();
    renderApp('/conversations');
    const list = await screen.findByRole('list', { name: 'Inbox' });
    const rows = within(list).getAllByTestId('conversation-row');
    expect(rows.map((r) => within(r).getByText(/Budi|Siti|Maria/).textContent)).toEqual(['Budi Santoso', 'Siti Rahmawati', 'Maria Gonzales']);
    expect(within(rows[0]).getAllByText('Urgent').length).toBeGreaterThan(0);
    expect(within(rows[0]).getByText('2 unread messages')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Dok, saya demam tinggi')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Needs reply')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Question')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Resolved')).toBeInTheDocument();
    expect(within(rows[2]).queryByText(/unread/)).not.toBeInTheDocument();
    expect(within(rows[0]).getByRole('link')).toHaveAttribute('href', '/conversations/p-1');
  });

  it('translates the inbox into Korean', async () => {
    inbox();
    await i18n.changeLanguage('ko');
    renderApp('/conversations');
    const list = await screen.findByRole('list', { name: '받은 메시지' });
    expect(within(list).getAllByText('긴급').length).toBeGreaterThan(0);
    expect(within(list).getByText('질문')).toBeInTheDocument();
  });

  it('filters by tab and searches by name', async () => {
    const queries = inbox();
    const user = userEvent.setup();
    renderApp('/conversations');
    await screen.findByRole('list', { name: 'Inbox' });
    await user.click(screen.getByRole('button', { name: 'Urgent' }));
    await waitFor(() => expect(queries.at(-1)?.get('flag')).toBe('urgent'));
    await user.click(screen.getByRole('button', { name: 'Unread' }));
    await waitFor(() => expect(queries.at(-1)?.get('unread')).toBe('true'));
    await user.click(screen.getByRole('button', { name: 'Resolved' }));
    await waitFor(() => expect(queries.at(-1)?.get('status')).toBe('resolved'));
    await user.type(screen.getByLabelText('Search by patient name'), 'budi');
    await waitFor(() => expect(queries.at(-1)?.get('search')).toBe('budi'));
    expect(queries.at(-1)?.get('status')).toBe('resolved');
  });

  it('says when there are no conversations', async () => {
    inbox([]);
    renderApp('/conversations');
    expect(await screen.findByText('No conversations yet')).toBeInTheDocument();
  });

  it('shows an error with a retry when the inbox cannot be read', async () => {
    server.use(http.get(`${API}/conversations`, () => problem(403, 'forbidden', 'not allowed here')));
    renderApp('/conversations');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('not allowed here');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('lists unknown senders for admins with the phone masked', async () => {
    inbox();
    server.use(
      http.get(`${API}/unknown-senders`, () =>
        HttpResponse.json({
          data: [{ id: 'u-1', channel: 'whatsapp', phone: '+6281299998877', message_count: 3, first_seen_at: '2026-11-20T01:00:00Z', last_seen_at: '2026-11-22T01:00:00Z', last_answered_at: null }],
        }),
      ),
    );
    const user = userEvent.setup();
    renderApp('/conversations');
    await user.click(await screen.findByRole('tab', { name: 'Unknown senders' }));
    const row = await screen.findByTestId('unknown-sender');
    expect(row).toHaveTextContent('+•••• 8877');
    expect(row).not.toHaveTextContent('6281299998877');
    expect(within(row).getByText('3')).toBeInTheDocument();
    expect(within(row).getByText('Never')).toBeInTheDocument();
  });
});

function thread(data = budiThread()) {
  const replies: { body: unknown; key: string | null }[] = [];
  const resolves: string[] = [];
  server.use(
    http.get(`${API}/conversations/p-1`, () => HttpResponse.json(data)),
    http.post(`${API}/conversations/p-1/reply`, async ({ request }) => {
      const body = (await request.json()) as { body: string };
      replies.push({ body, key: request.headers.get('Idempotency-Key') });
      if (body.body.length > 10)
        return HttpResponse.json(
          {
            type: 'about:blank',
            title: 'Validation failed',
            status: 400,
            code: 'validation_failed',
            detail: 'body: too long',
            errors: [{ field: 'body', code: 'too_long', message: 'must be at most 10 characters', params: { max: '10' } }],
          },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        );
      return HttpResponse.json(message('m-new', { source: 'manual', automated: false, status: 'queued', body: body.body, created_at: '2026-11-22T00:50:00Z' }), { status: 201 });
    }),
    http.post(`${API}/conversations/p-1/resolve`, () => {
      resolves.push('p-1');
      return HttpResponse.json({ ...data.conversation, status: 'resolved', flag: null });
    }),
  );
  return { replies, resolves };
}

describe('conversation thread', () => {
  it('shows both directions with their labels, intents and statuses', async () => {
    inbox();
    thread();
    renderApp('/conversations/p-1');
    const msgs = await screen.findByRole('list', { name: 'Messages' });
    const items = within(msgs).getAllByTestId('thread-message');
    expect(items.map((i) => i.dataset.direction)).toEqual(['outbound', 'inbound', 'outbound', 'outbound', 'outbound']);
    expect(items.map((i) => i.dataset.kind)).toEqual(['reminder', 'patient', 'automatic', 'ai', 'staff']);
    expect(within(items[0]).getByText('Reminder')).toBeInTheDocument();
    expect(within(items[1]).getByText('Urgent')).toBeInTheDocument();
    expect(within(items[1]).getByText(/Rules/)).toBeInTheDocument();
    expect(within(items[2]).getByText('Automatic')).toBeInTheDocument();
    expect(within(items[3]).getByText('AI-written')).toBeInTheDocument();
    expect(within(items[3]).getByText('Skipped')).toBeInTheDocument();
    expect(within(items[3]).getByText('No consent')).toBeInTheDocument();
    expect(within(items[4]).getByText('Staff')).toBeInTheDocument();
    expect(within(items[4]).getByText('Queued')).toBeInTheDocument();
    // The header names the patient (a link to the patient page) and the flag.
    const region = screen.getByRole('region', { name: 'Conversation' });
    expect(within(region).getByRole('link', { name: 'Budi Santoso' })).toHaveAttribute('href', '/patients/p-1');
    expect(within(region).getAllByText('Urgent').length).toBeGreaterThan(0);
    // Times in the clinic's zone (07:00 in Jakarta).
    expect(within(items[1]).getByText('07:30')).toBeInTheDocument();
  });

  it('opens a message in the message drawer', async () => {
    inbox();
    thread();
    server.use(http.get(`${API}/messages/m-1`, () => HttpResponse.json({ ...message('m-1', { body: 'Waktunya minum Capecitabine 500 mg.' }), attempts: [] })));
    const user = userEvent.setup();
    renderApp('/conversations/p-1');
    const msgs = await screen.findByRole('list', { name: 'Messages' });
    await user.click(within(msgs).getAllByTestId('thread-message')[0].querySelector('button')!);
    const drawer = await screen.findByRole('dialog', { name: 'Message' });
    expect(await within(drawer).findByText('Waktunya minum Capecitabine 500 mg.')).toBeInTheDocument();
  });

  it('shows the server field error of a reply, then sends with Ctrl+Enter and adds the queued message', async () => {
    inbox();
    const { replies } = thread();
    const user = userEvent.setup();
    renderApp('/conversations/p-1');
    const box = await screen.findByLabelText('Reply');
    await user.type(box, 'A much too long reply');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Use at most 10 characters.')).toBeInTheDocument();
    expect(box).toHaveAttribute('aria-invalid', 'true');
    await user.clear(box);
    await user.type(box, 'Baik, Pak');
    await user.keyboard('{Control>}{Enter}{/Control}');
    const msgs = screen.getByRole('list', { name: 'Messages' });
    const added = await within(msgs).findByText('Baik, Pak');
    expect(added.closest('li')).toHaveAttribute('data-kind', 'staff');
    expect(within(added.closest('li')!).getByText('Queued')).toBeInTheDocument();
    expect(box).toHaveValue('');
    expect(replies).toHaveLength(2);
    expect(replies[1].body).toEqual({ body: 'Baik, Pak' });
    expect(replies[1].key).toBeTruthy();
    expect(replies[1].key).not.toBe(replies[0].key);
  });

  it('resolves the conversation', async () => {
    inbox();
    const { resolves } = thread();
    const user = userEvent.setup();
    renderApp('/conversations/p-1');
    await user.click(await screen.findByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(resolves).toEqual(['p-1']));
    const region = screen.getByRole('region', { name: 'Conversation' });
    expect(await within(region).findByText('Resolved')).toBeInTheDocument();
    expect(within(region).queryByRole('button', { name: 'Resolve' })).not.toBeInTheDocument();
  });

  it('simulates a patient message in development and shows the answer when it comes', async () => {
    inbox();
    let simulated: unknown = null;
    const data = budiThread();
    server.use(
      http.get(`${API}/conversations/p-1`, () => HttpResponse.json(data)),
      http.post(`${API}/dev/simulate-inbound`, async ({ request }) => {
        simulated = await request.json();
        data.messages = [
          ...data.messages,
          inbound('m-sim', 'sudah minum obat', { created_at: '2026-11-22T00:55:00Z' }),
          message('m-ack', { source: 'auto_reply', body: 'Terima kasih, sudah dicatat.', created_at: '2026-11-22T00:55:02Z' }),
        ];
        return HttpResponse.json({ status: 'stored', message_id: 'm-sim' }, { status: 202 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/conversations/p-1');
    const form = await screen.findByRole('form', { name: 'Simulate patient message (development)' });
    await user.type(within(form).getByLabelText('Message from the patient'), 'sudah minum obat');
    await user.click(within(form).getByRole('button', { name: 'Send as patient' }));
    expect(await screen.findByText('Terima kasih, sudah dicatat.')).toBeInTheDocument();
    expect(simulated).toMatchObject({ patient_id: 'p-1', body: 'sudah minum obat' });
    const sim = screen.getByText('sudah minum obat', { selector: 'span' }).closest('li')!;
    expect(within(sim).getByText('Confirmed')).toBeInTheDocument();
  });
});

describe('who may write', () => {
  it('hides the reply box, Resolve and the simulation from developers', async () => {
    server.use(http.get(`${API}/me`, () => HttpResponse.json(meFor({ ...adminUser, id: 'u-dev', role: 'developer' }))));
    inbox();
    thread();
    renderApp('/conversations/p-1');
    await screen.findByRole('list', { name: 'Messages' });
    expect(screen.queryByLabelText('Reply')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Resolve' })).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Simulate patient message (development)' })).not.toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Unknown senders' })).not.toBeInTheDocument();
  });
});
