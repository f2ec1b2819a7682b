import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../api/types';
import { todayIn } from '../../lib/zoned';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';

const warmup = { started_on: '2026-12-01', start_per_day: 20, max_per_day: 500, ramp_days: 10 };

function settingsWith(whatsapp_warmup: typeof warmup | null): Settings {
  return {
    timezone: 'Asia/Jakarta',
    default_region: 'ID',
    quiet_hours: { start: '21:00', end: '07:00' },
    send_window: { start: '07:00', end: '20:00' },
    channel_order: ['whatsapp', 'sms'],
    default_language: 'id',
    ai_enabled: false,
    staff_pause_minutes: 240,
    channel_accounts: { whatsapp_device_id: '6281111111111@s.whatsapp.net', sms_sender: null, kakao_sender_key: null, whatsapp_warmup },
    channels: [
      { name: 'whatsapp', configured: true },
      { name: 'sms', configured: true },
    ],
    unconfigured_channels: [],
    updated_at: '2026-11-22T01:00:00Z',
    version: 3,
  };
}

/** Serves the settings and records the PATCH bodies; the PATCH answers with the given warm-up. */
function serve(saved: typeof warmup | null, answer: typeof warmup | null = saved) {
  const sent: Record<string, unknown>[] = [];
  server.use(
    http.get(`${API}/settings`, () => HttpResponse.json(settingsWith(saved))),
    http.patch(`${API}/settings`, async ({ request }) => {
      sent.push((await request.json()) as Record<string, unknown>);
      return HttpResponse.json({ ...settingsWith(answer), version: 4 });
    }),
  );
  return sent;
}

const checkbox = () => screen.findByRole('checkbox', { name: /Warm up this WhatsApp number/ });

describe('settings: WhatsApp warm-up', () => {
  it('shows the saved warm-up', async () => {
    serve(warmup);
    renderApp('/settings');

    const box = await checkbox();
    expect(box).toBeChecked();
    expect(box).toHaveAccessibleDescription(/Replies and reminders are not limited\./);
    expect(screen.getByLabelText('Start date')).toHaveValue('2026-12-01');
    expect(screen.getByLabelText('Messages on the first day')).toHaveValue(20);
    expect(screen.getByLabelText('Messages a day at most')).toHaveValue(500);
    expect(screen.getByLabelText('Days to reach it')).toHaveValue(10);
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });

  it('turned on, saves the warm-up with the defaults and what was changed', async () => {
    const sent = serve(null, { ...warmup, started_on: todayIn('Asia/Jakarta') });
    const user = userEvent.setup();
    renderApp('/settings');

    const box = await checkbox();
    expect(box).not.toBeChecked();
    expect(screen.queryByLabelText('Start date')).not.toBeInTheDocument();
    await user.click(box);

    expect(screen.getByLabelText('Start date')).toHaveValue(todayIn('Asia/Jakarta'));
    expect(screen.getByLabelText('Messages on the first day')).toHaveValue(50);
    expect(screen.getByLabelText('Days to reach it')).toHaveValue(14);
    const max = screen.getByLabelText('Messages a day at most');
    expect(max).toHaveValue(1000);
    await user.clear(max);
    await user.type(max, '800');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await screen.findByText('Settings saved.');
    expect(sent).toEqual([
      {
        version: 3,
        channel_accounts: { whatsapp_warmup: { started_on: todayIn('Asia/Jakarta'), start_per_day: 50, max_per_day: 800, ramp_days: 14 } },
      },
    ]);
  });

  it('shows a server error next to its field', async () => {
    const refused = [{ field: 'channel_accounts.whatsapp_warmup.max_per_day', code: 'invalid_range', message: 'must be at least start_per_day' }];
    server.use(
      http.get(`${API}/settings`, () => HttpResponse.json(settingsWith(warmup))),
      http.patch(`${API}/settings`, () => problem(400, 'validation_failed', 'The request has invalid fields.', refused)),
    );
    const user = userEvent.setup();
    renderApp('/settings');

    await checkbox();
    const start = screen.getByLabelText('Messages on the first day');
    fireEvent.change(start, { target: { value: '600' } });
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const max = screen.getByLabelText('Messages a day at most');
    expect(await screen.findByText(/does not fit the other/)).toBeInTheDocument();
    expect(max).toHaveAttribute('aria-invalid', 'true');
    expect(max).toHaveAccessibleDescription(/does not fit the other/);
    expect(start).not.toHaveAttribute('aria-invalid');

    // Editing the field clears its error.
    await user.type(max, '0');
    expect(max).not.toHaveAttribute('aria-invalid');
  });

  it('turned off, removes the warm-up with null', async () => {
    const sent = serve(warmup, null);
    const user = userEvent.setup();
    renderApp('/settings');

    await user.click(await checkbox());
    expect(screen.queryByLabelText('Start date')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await screen.findByText('Settings saved.');
    expect(sent).toEqual([{ version: 3, channel_accounts: { whatsapp_warmup: null } }]);
    expect(await checkbox()).not.toBeChecked();
  });
});
