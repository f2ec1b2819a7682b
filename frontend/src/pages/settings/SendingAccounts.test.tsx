import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../api/types';
import i18n from '../../i18n';
import { meFor, volunteerUser } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';

const settings: Settings = {
  timezone: 'Asia/Jakarta',
  default_region: 'ID',
  quiet_hours: { start: '21:00', end: '07:00' },
  send_window: { start: '07:00', end: '20:00' },
  channel_order: ['whatsapp', 'sms'],
  default_language: 'id',
  ai_enabled: false,
  staff_pause_minutes: 240,
  channel_accounts: { whatsapp_device_id: '6281111111111@s.whatsapp.net', sms_sender: null, kakao_sender_key: null, whatsapp_warmup: null },
  channels: [
    { name: 'whatsapp', configured: true },
    { name: 'sms', configured: true },
    { name: 'log', configured: true },
  ],
  unconfigured_channels: [],
  updated_at: '2026-11-22T01:00:00Z',
  version: 3,
};

afterEach(async () => {
  await i18n.changeLanguage('en');
});

describe('settings: sending accounts and the staff pause', () => {
  it('shows the accounts, sends only what changed, and null for an emptied field', async () => {
    let sent: Record<string, unknown> | undefined;
    server.use(
      http.get(`${API}/settings`, () => HttpResponse.json(settings)),
      http.patch(`${API}/settings`, async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({
          ...settings,
          staff_pause_minutes: 30,
          channel_accounts: { whatsapp_device_id: null, sms_sender: '0212345678', kakao_sender_key: null, whatsapp_warmup: null },
          version: 4,
        });
      }),
    );
    const user = userEvent.setup();
    renderApp('/settings');

    const device = await screen.findByLabelText('WhatsApp device (GOWA)');
    expect(device).toHaveValue('6281111111111@s.whatsapp.net');
    expect(screen.getByRole('heading', { name: 'Sending accounts' })).toBeInTheDocument();
    const sms = screen.getByLabelText('SMS sender number');
    expect(sms).toHaveValue('');
    expect(sms).toHaveAccessibleDescription(/Empty: the server's default account\./);
    expect(screen.getByLabelText('Kakao sender key')).toHaveValue('');
    const pause = screen.getByLabelText('Pause after a staff reply (minutes)');
    expect(pause).toHaveValue(240);

    await user.clear(device);
    await user.type(sms, '02-1234-5678');
    await user.clear(pause);
    await user.type(pause, '30');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await screen.findByText('Settings saved.');
    expect(sent).toEqual({
      version: 3,
      staff_pause_minutes: 30,
      channel_accounts: { whatsapp_device_id: null, sms_sender: '02-1234-5678' },
    });
    expect(screen.getByLabelText('SMS sender number')).toHaveValue('0212345678');
    expect(screen.getByLabelText('WhatsApp device (GOWA)')).toHaveValue('');
  });

  it('shows the server field errors next to the fields, in the dashboard language', async () => {
    const refused = [
      { field: 'channel_accounts.whatsapp_device_id', code: 'duplicate', message: 'is already used by another organization' },
      { field: 'staff_pause_minutes', code: 'out_of_range', message: 'must be a whole number from 0 to 1440', params: { min: '0', max: '1440' } },
    ];
    server.use(
      http.get(`${API}/settings`, () => HttpResponse.json({ ...settings, channel_accounts: { whatsapp_device_id: null, sms_sender: null, kakao_sender_key: null, whatsapp_warmup: null } })),
      http.patch(`${API}/settings`, () => problem(400, 'validation_failed', 'The request has invalid fields.', refused)),
    );
    await i18n.changeLanguage('id');
    const user = userEvent.setup();
    renderApp('/settings');

    const device = await screen.findByLabelText('Perangkat WhatsApp (GOWA)');
    await user.type(device, '6281111111111@s.whatsapp.net');
    const pause = screen.getByLabelText('Jeda setelah balasan staf (menit)');
    await user.clear(pause);
    await user.type(pause, '2000');
    await user.click(screen.getByRole('button', { name: 'Simpan' }));

    expect(await screen.findByText('Isian ini diberikan dua kali atau sudah dipakai.')).toBeInTheDocument();
    expect(device).toHaveAttribute('aria-invalid', 'true');
    expect(device).toHaveAccessibleDescription(/sudah dipakai/);
    expect(pause).toHaveAttribute('aria-invalid', 'true');
    expect(pause).toHaveAccessibleDescription(/0.*1440/);

    // Editing a field clears its error.
    await user.type(device, 'x');
    expect(device).not.toHaveAttribute('aria-invalid');
  });

  it('is read-only for volunteers', async () => {
    server.use(
      http.get(`${API}/settings`, () => HttpResponse.json(settings)),
      http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))),
    );
    renderApp('/settings');
    expect(await screen.findByLabelText('WhatsApp device (GOWA)')).toBeDisabled();
    expect(screen.getByLabelText('Pause after a staff reply (minutes)')).toBeDisabled();
  });
});
