import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../api/types';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';

const settings: Settings = {
  timezone: 'Asia/Jakarta',
  default_region: 'ID',
  quiet_hours: { start: '21:00', end: '07:00' },
  send_window: { start: '07:00', end: '20:00' },
  channel_order: ['sms'],
  default_language: 'id',
  ai_enabled: false,
  staff_pause_minutes: 240,
  channel_accounts: { whatsapp_device_id: null, sms_sender: null, kakao_sender_key: null, whatsapp_warmup: null },
  channels: [{ name: 'sms', configured: true }],
  unconfigured_channels: [],
  updated_at: '2026-11-22T01:00:00Z',
  version: 3,
};

// The server refuses quiet hours that start when they end; "none" is explicit.
describe('settings: no quiet hours', () => {
  it('sends null when both quiet-hour fields are emptied', async () => {
    let sent: Record<string, unknown> | undefined;
    server.use(
      http.get(`${API}/settings`, () => HttpResponse.json(settings)),
      http.patch(`${API}/settings`, async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({ ...settings, quiet_hours: { start: '00:00', end: '00:00' }, version: 4 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/settings');
    await screen.findByDisplayValue('21:00');
    const start = document.querySelector<HTMLInputElement>('#settings-quiet-start')!;
    const end = document.querySelector<HTMLInputElement>('#settings-quiet-end')!;
    await user.clear(start);
    await user.clear(end);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Settings saved.');
    expect(sent).toEqual({ version: 3, quiet_hours: null });
  });

  it('shows quiet hours that start when they end as none', async () => {
    server.use(http.get(`${API}/settings`, () => HttpResponse.json({ ...settings, quiet_hours: { start: '00:00', end: '00:00' } })));
    renderApp('/settings');
    await screen.findByDisplayValue('20:00'); // the send window
    expect(document.querySelector<HTMLInputElement>('#settings-quiet-start')?.value).toBe('');
    expect(document.querySelector<HTMLInputElement>('#settings-quiet-end')?.value).toBe('');
  });
});
