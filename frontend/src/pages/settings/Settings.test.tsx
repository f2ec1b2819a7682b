import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { MessageDetail, Settings } from '../../api/types';
import i18n from '../../i18n';
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
  channel_accounts: { whatsapp_device_id: null, sms_sender: null, kakao_sender_key: null, whatsapp_warmup: null },
  channels: [
    { name: 'whatsapp', configured: false },
    { name: 'kakao', configured: false },
    { name: 'sms', configured: true },
    { name: 'log', configured: true },
  ],
  unconfigured_channels: ['whatsapp'],
  updated_at: '2026-11-22T01:00:00Z',
  version: 3,
};

describe('settings', () => {
  it('sends the version it read and explains a change by someone else', async () => {
    let sent: Record<string, unknown> | undefined;
    server.use(
      http.get(`${API}/settings`, () => HttpResponse.json(settings)),
      http.patch(`${API}/settings`, async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return problem(409, 'conflict', 'The settings were changed by another request.');
      }),
    );
    const user = userEvent.setup();
    renderApp('/settings');

    const status = await screen.findByTestId('channel-status');
    expect(within(status).getByText('WhatsApp').parentElement).toHaveTextContent('Not configured');
    expect(within(status).getByText('SMS').parentElement).toHaveTextContent('Configured');

    // Put SMS first, and turn AI on.
    await user.click(screen.getByRole('button', { name: 'Move SMS up' }));
    await user.click(screen.getByRole('switch', { name: /Understand replies with AI/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/changed by someone else/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument();
    expect(sent).toEqual({ version: 3, channel_order: ['sms', 'whatsapp'], ai_enabled: true });
  });

  it('warns about channels of the order that this server has not configured, and clears the warning once none are left', async () => {
    let current: Settings = { ...settings, channel_order: ['whatsapp', 'kakao', 'sms'], unconfigured_channels: ['whatsapp', 'kakao'] };
    server.use(
      http.get(`${API}/settings`, () => HttpResponse.json(current)),
      http.patch(`${API}/settings`, async ({ request }) => {
        const body = (await request.json()) as { channel_order: Settings['channel_order'] };
        current = { ...current, channel_order: body.channel_order, unconfigured_channels: [], version: current.version + 1 };
        return HttpResponse.json(current);
      }),
    );
    const user = userEvent.setup();
    renderApp('/settings');

    const warning = await screen.findByTestId('unconfigured-channels');
    expect(warning).toHaveTextContent(
      'These channels are in your order but not configured on this server: WhatsApp and KakaoTalk. Messages will skip them. A message with no configured channel left is not sent: on a production server it is recorded as failed with “no channel” (no_channel); on a development server it goes to the log channel only.',
    );

    // Keep only SMS: the saved answer has nothing to warn about.
    await user.click(screen.getByRole('button', { name: 'Remove WhatsApp' }));
    await user.click(screen.getByRole('button', { name: 'Remove KakaoTalk' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    expect(screen.queryByTestId('unconfigured-channels')).not.toBeInTheDocument();
  });

  it('words the warning in the dashboard language', async () => {
    server.use(http.get(`${API}/settings`, () => HttpResponse.json(settings)));
    await i18n.changeLanguage('ko');
    renderApp('/settings');
    expect(await screen.findByTestId('unconfigured-channels')).toHaveTextContent('채널 순서에 있지만 이 서버에 설정되지 않은 채널: WhatsApp.');
    await i18n.changeLanguage('id');
    expect(await screen.findByText(/^Kanal ini ada di urutan Anda tetapi belum diatur di server ini: WhatsApp\./)).toBeInTheDocument();
  });

  it('shows no warning when every channel of the order is configured', async () => {
    server.use(http.get(`${API}/settings`, () => HttpResponse.json({ ...settings, channel_order: ['sms', 'log'], unconfigured_channels: [] })));
    renderApp('/settings');
    await screen.findByTestId('channel-status');
    expect(screen.queryByTestId('unconfigured-channels')).not.toBeInTheDocument();
  });

  it('sends a test message and links to it in the message log', async () => {
    let sent: unknown;
    server.use(
      http.get(`${API}/settings`, () => HttpResponse.json(settings)),
      http.post(`${API}/settings/test-message`, async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ id: 'm-9', channel: 'sms', status: 'queued', to_phone: '+6281234567890', attempts: [] } as unknown as MessageDetail, { status: 202 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/settings');

    await user.type(await screen.findByLabelText(/^Phone number/), '0812-3456-7890');
    await user.selectOptions(screen.getByLabelText('Channel'), 'sms');
    expect(within(screen.getByLabelText('Channel')).getByRole('option', { name: 'WhatsApp (Not configured)' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Send test message' }));

    const result = await screen.findByRole('status');
    expect(result).toHaveTextContent('Queued on SMS to +6281234567890.');
    expect(within(result).getByText('Queued')).toBeInTheDocument();
    expect(within(result).getByRole('link', { name: 'View in message log' })).toHaveAttribute('href', '/messages?id=m-9');
    expect(sent).toEqual({ phone: '0812-3456-7890', channel: 'sms' });
  });
});
