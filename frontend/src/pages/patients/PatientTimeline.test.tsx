import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { MessageDetail, TimelineEntry, TimelineList } from '../../api/types';
import i18n from '../../i18n';
import { patient } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';

function entry(kind: string, at: string, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    id: `${kind}-${at}`,
    kind: kind as TimelineEntry['kind'],
    at,
    summary: '',
    changes: [],
    actor_id: null,
    actor_name: '',
    message_id: null,
    message: null,
    occurrence: null,
    ...extra,
  };
}

const occurrence = {
  id: 'o-1',
  reminder_id: 'r-1',
  reminder_type: 'medication' as const,
  medication: 'Tamoxifen',
  due_at: '2026-11-22T01:00:00Z',
  state: 'confirmed' as const,
  skip_reason: null,
  confirmed_at: '2026-11-22T01:30:00Z',
  confirmed_by: 'staff' as const,
  confirmed_by_user_id: 'u-vol',
  confirmed_by_name: 'Demo Volunteer',
};

const outbound = {
  direction: 'outbound' as const,
  channel: 'whatsapp' as const,
  status: 'delivered' as const,
  skip_reason: null,
  source: 'reminder' as const,
  source_id: 'o-1',
  automated: true,
  ai_generated: false,
};

const firstPage: TimelineList = {
  data: [
    entry('occurrence.confirmed', '2026-11-22T01:30:00Z', { id: 'o-1', actor_id: 'u-vol', actor_name: 'Demo Volunteer', message_id: 'm-1', occurrence }),
    entry('message.inbound', '2026-11-22T01:20:00Z', {
      id: 'm-2',
      message_id: 'm-2',
      message: { ...outbound, direction: 'inbound', status: 'received', source: 'inbound', source_id: null, automated: false },
    }),
    entry('message.outbound', '2026-11-22T01:00:30Z', { id: 'm-1', message_id: 'm-1', message: outbound }),
    entry('occurrence.due', '2026-11-22T01:00:00Z', { id: 'o-1', message_id: 'm-1', occurrence }),
  ],
  next_cursor: 'older-1',
};

const lastPage: TimelineList = {
  data: [entry('patient.created', '2026-11-20T03:00:00Z', { id: 'p-1', actor_id: 'u-admin', actor_name: 'Demo Admin' })],
  next_cursor: null,
};

const messageM1: MessageDetail = {
  id: 'm-1',
  patient_id: 'p-1',
  patient_name: 'Patient 1',
  to_phone: null,
  direction: 'outbound',
  channel: 'whatsapp',
  channel_order: ['whatsapp', 'sms'],
  status: 'delivered',
  skip_reason: null,
  body: 'Halo Siti, saatnya minum Tamoxifen 20 mg.',
  source: 'reminder',
  source_id: 'o-1',
  provider_message_id: 'wa-1',
  automated: true,
  ai_generated: false,
  error_code: null,
  error_message: null,
  total_attempts: 1,
  next_attempt_at: null,
  send_before: null,
  created_by: null,
  created_at: '2026-11-22T01:00:30Z',
  updated_at: '2026-11-22T01:01:00Z',
  sent_at: '2026-11-22T01:00:40Z',
  delivered_at: '2026-11-22T01:01:00Z',
  read_at: null,
  failed_at: null,
  intent: null,
  intent_confidence: null,
  intent_source: null,
  replied_to_message_id: null,
  attempts: [],
};

function setup() {
  const cursors: (string | null)[] = [];
  server.use(
    http.get(`${API}/patients/p-1`, () => HttpResponse.json(patient(1))),
    http.get(`${API}/patients/p-1/timeline`, ({ request }) => {
      const cursor = new URL(request.url).searchParams.get('cursor');
      cursors.push(cursor);
      return HttpResponse.json(cursor === 'older-1' ? lastPage : firstPage);
    }),
    http.get(`${API}/messages/m-1`, () => HttpResponse.json(messageM1)),
  );
  return { cursors };
}

async function timeline() {
  const heading = await screen.findByRole('heading', { name: /^(Timeline|Riwayat|타임라인)$/ });
  return within(heading.closest('section')!);
}

describe('patient timeline', () => {
  it('lists messages, doses and confirmations newest first in the patient’s time zone', async () => {
    setup();
    renderApp('/patients/p-1');
    const tl = await timeline();
    const items = await tl.findAllByRole('listitem');
    expect(items).toHaveLength(4);
    expect(items[0]).toHaveTextContent(/Tamoxifen confirmed/);
    expect(items[0]).toHaveTextContent(/Demo Volunteer/);
    expect(items[1]).toHaveTextContent(/Message from the patient/);
    expect(items[2]).toHaveTextContent(/Message to the patient/);
    expect(items[2]).toHaveTextContent(/WhatsApp/);
    expect(items[2]).toHaveTextContent(/Delivered/);
    expect(items[3]).toHaveTextContent(/Tamoxifen dose due/);
    // 01:30 UTC is 08:30 in Jakarta, and the zone is named.
    expect(items[0]).toHaveTextContent('08:30');
    expect(tl.getByText(/Times in Asia\/Jakarta/)).toBeInTheDocument();
  });

  it('opens a message in the message drawer', async () => {
    setup();
    const user = userEvent.setup();
    renderApp('/patients/p-1');
    const tl = await timeline();
    await user.click(await tl.findByRole('button', { name: /Message to the patient/ }));
    const drawer = await screen.findByRole('dialog', { name: 'Message' });
    expect(await within(drawer).findByText('Halo Siti, saatnya minum Tamoxifen 20 mg.')).toBeInTheDocument();
  });

  it('reads older entries with the cursor', async () => {
    const { cursors } = setup();
    const user = userEvent.setup();
    renderApp('/patients/p-1');
    const tl = await timeline();
    await user.click(await tl.findByRole('button', { name: 'Show older' }));
    expect(await tl.findByText('Registered')).toBeInTheDocument();
    expect(tl.getAllByRole('listitem')).toHaveLength(5);
    expect(tl.queryByRole('button', { name: 'Show older' })).not.toBeInTheDocument();
    expect(cursors).toEqual([null, 'older-1']);
  });

  it('speaks Korean', async () => {
    setup();
    await i18n.changeLanguage('ko');
    renderApp('/patients/p-1');
    const tl = await timeline();
    const items = await tl.findAllByRole('listitem');
    expect(items[2]).toHaveTextContent('환자에게 보낸 메시지');
  });

  it('says when there is nothing yet, and when it cannot be read', async () => {
    server.use(
      http.get(`${API}/patients/p-1`, () => HttpResponse.json(patient(1))),
      http.get(`${API}/patients/p-1/timeline`, () => HttpResponse.json({ data: [], next_cursor: null })),
    );
    renderApp('/patients/p-1');
    expect(await screen.findByText('Nothing has happened for this patient yet.')).toBeInTheDocument();
  });

  it('shows an error with a retry', async () => {
    server.use(
      http.get(`${API}/patients/p-1`, () => HttpResponse.json(patient(1))),
      http.get(`${API}/patients/p-1/timeline`, () => problem(500, 'internal', 'boom')),
    );
    renderApp('/patients/p-1');
    const tl = await timeline();
    expect(await tl.findByRole('alert')).toBeInTheDocument();
    expect(tl.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
