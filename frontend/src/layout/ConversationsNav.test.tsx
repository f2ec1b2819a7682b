import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { budiThread, conversation } from '../pages/conversations/fixtures';
import { execution, workflow } from '../pages/workflows/testFixtures';
import { renderApp } from '../test/renderApp';
import { API, server } from '../test/server';

function inbox() {
  const rows = [conversation(1, { patient_name: 'Budi Santoso', flag: 'urgent', unread_count: 2 }), conversation(2, { patient_name: 'Siti Rahmawati' })];
  server.use(
    http.get(`${API}/conversations`, () => HttpResponse.json({ data: rows, page: 1, per_page: 25, total: rows.length })),
    http.get(`${API}/conversations/p-1`, () => HttpResponse.json(budiThread())),
  );
}

describe('navigation badge and notifications', () => {
  it('shows the unread and urgent counts on the Conversations item', async () => {
    server.use(http.get(`${API}/conversations/counts`, () => HttpResponse.json({ unread: 4, urgent: 1 })));
    inbox();
    renderApp('/conversations');
    const nav = (await screen.findAllByRole('navigation', { name: 'Main navigation' }))[0];
    const link = await within(nav).findByRole('link', { name: /Conversations/ });
    await within(link).findByText('1 urgent conversation');
    expect(within(link).getByText('4 unread conversations')).toBeInTheDocument();
  });

  it('has no badge when nothing is waiting', async () => {
    inbox();
    renderApp('/conversations');
    const nav = (await screen.findAllByRole('navigation', { name: 'Main navigation' }))[0];
    await screen.findByRole('list', { name: 'Inbox' });
    expect(within(nav).queryByTestId('conversations-badge')).not.toBeInTheDocument();
  });

  it('lists urgent notifications by patient name; a click marks it read and opens the conversation', async () => {
    const read: string[] = [];
    inbox();
    server.use(
      http.get(`${API}/notifications`, () =>
        HttpResponse.json({
          data: [{ id: 'n-1', kind: 'urgent_message', patient_id: 'p-1', message_id: 'm-2', created_at: '2026-11-22T00:30:00Z', read_at: read.length ? '2026-11-22T00:31:00Z' : null }],
          unread: read.length ? 0 : 1,
        }),
      ),
      http.post(`${API}/notifications/n-1/read`, () => {
        read.push('n-1');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/');
    const bell = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    await user.click(bell);
    const panel = screen.getByRole('region', { name: 'Notifications' });
    await user.click(await within(panel).findByRole('button', { name: /Urgent message from Budi Santoso/ }));
    await waitFor(() => expect(read).toEqual(['n-1']));
    expect(await screen.findByRole('list', { name: 'Messages' })).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument();
  });

  it('shows a workflow\'s words to staff; a click opens the execution', async () => {
    inbox();
    server.use(
      http.get(`${API}/notifications`, () =>
        HttpResponse.json({
          data: [{ id: 'n-2', kind: 'workflow', patient_id: 'p-1', message_id: null, body: 'Periksa luka pasien', execution_id: 'x-1',
            created_at: '2026-11-22T00:30:00Z', read_at: null }],
          unread: 1,
        }),
      ),
      http.post(`${API}/notifications/n-2/read`, () => new HttpResponse(null, { status: 204 })),
      http.get(`${API}/workflow-executions/x-1`, () => HttpResponse.json(execution(1, { id: 'x-1', patient_name: 'Budi Santoso', steps: [] }))),
      http.get(`${API}/workflows/w-1`, () => HttpResponse.json(workflow(1))),
    );
    const user = userEvent.setup();
    renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));
    const panel = screen.getByRole('region', { name: 'Notifications' });
    await user.click(await within(panel).findByRole('button', { name: /Budi Santoso: Periksa luka pasien/ }));
    expect(await screen.findByRole('heading', { name: 'Workflow execution', level: 1 })).toBeInTheDocument();
  });
});
