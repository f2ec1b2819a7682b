import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../api/types';
import { renderApp } from '../test/renderApp';
import { API, problem, server } from '../test/server';

const settings: Settings = {
  timezone: 'Asia/Jakarta',
  default_region: 'ID',
  quiet_hours: { start: '21:00', end: '07:00' },
  send_window: { start: '07:00', end: '20:00' },
  channel_order: ['whatsapp', 'sms'],
  default_language: 'id',
  ai_enabled: false,
  staff_pause_minutes: 240,
  channel_accounts: { whatsapp_device_id: null, sms_sender: null, kakao_sender_key: null, whatsapp_warmup: null },
  channels: [{ name: 'log', configured: true }],
  unconfigured_channels: [],
  updated_at: '2026-11-22T01:00:00Z',
  version: 3,
};

describe('a refused submit', () => {
  it('focuses the first field the server refused', async () => {
    server.use(
      http.get(`${API}/settings`, () => HttpResponse.json(settings)),
      http.patch(`${API}/settings`, () =>
        problem(400, 'validation_failed', 'The request has invalid fields.', [
          { field: 'quiet_hours.end', message: 'must be a time of day, HH:MM' },
          { field: 'send_window.start', message: 'must be a time of day, HH:MM' },
        ]),
      ),
    );
    const user = userEvent.setup();
    renderApp('/settings');
    await user.click(await screen.findByRole('switch', { name: /Understand replies with AI/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const quietEnd = await screen.findByLabelText('Until', { selector: '#settings-quiet-end' });
    await waitFor(() => expect(quietEnd).toHaveFocus());
    expect(quietEnd).toHaveAttribute('aria-invalid', 'true');
  });

  it('focuses the banner when no field is to blame', async () => {
    server.use(
      http.get(`${API}/settings`, () => HttpResponse.json(settings)),
      http.patch(`${API}/settings`, () => problem(409, 'conflict', 'The settings were changed by another request.')),
    );
    const user = userEvent.setup();
    renderApp('/settings');
    await user.click(await screen.findByRole('switch', { name: /Understand replies with AI/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const alert = (await screen.findByText(/changed by someone else/)).closest('[role="alert"]');
    await waitFor(() => expect(alert).toHaveFocus());
  });
});
