import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { SendNowOutcome } from '../../api/types';
import i18n from '../../i18n';
import { reminder } from '../../test/reminderFixtures';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';

interface Sent {
  ids: string[];
  key: string | null;
}

function setup(outcome: Partial<SendNowOutcome>) {
  const sent: Sent[] = [];
  server.use(
    http.get(`${API}/reminders/r-1`, () => HttpResponse.json(reminder())),
    http.get(`${API}/reminders/r-1/occurrences`, () => HttpResponse.json({ data: [], page: 1, per_page: 100, total: 0 })),
    http.post(`${API}/reminders/send-now`, async ({ request }) => {
      sent.push({ ids: ((await request.json()) as { ids: string[] }).ids, key: request.headers.get('Idempotency-Key') });
      const o: SendNowOutcome = {
        reminder_id: 'r-1',
        patient_id: 'p-1',
        patient_name: 'Siti Rahmawati',
        status: 'queued',
        reason: null,
        message_id: 'm-9',
        ...outcome,
      };
      const queued = o.status === 'queued' ? 1 : 0;
      return HttpResponse.json({ queued, skipped: 1 - queued, results: [o] });
    }),
  );
  return sent;
}

describe('send now', () => {
  it('asks first, sends one extra message, and says the schedule is unchanged', async () => {
    const sent = setup({});
    const user = userEvent.setup();
    renderApp('/reminders/r-1');
    await screen.findByRole('heading', { name: 'Medication reminder for Siti Rahmawati' });

    // Nothing is sent before the dialog is confirmed; cancelling sends nothing.
    await user.click(screen.getByRole('button', { name: 'Send now' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Send this reminder now?' });
    expect(dialog).toHaveTextContent('Siti Rahmawati gets one extra message now. The schedule does not change');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(sent).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Send now' }));
    dialog = screen.getByRole('alertdialog', { name: 'Send this reminder now?' });
    await user.click(within(dialog).getByRole('button', { name: 'Send message' }));

    const banner = await screen.findByTestId('send-now-result');
    expect(banner).toHaveTextContent('One extra message to Siti Rahmawati is on its way. The schedule is unchanged.');
    expect(banner).toHaveAttribute('role', 'status');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(sent).toHaveLength(1);
    expect(sent[0].ids).toEqual(['r-1']);
    expect(sent[0].key).toBeTruthy();
  });

  it('says why nothing was sent', async () => {
    setup({ status: 'skipped', reason: 'no_consent', message_id: null });
    const user = userEvent.setup();
    renderApp('/reminders/r-1');
    await user.click(await screen.findByRole('button', { name: 'Send now' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Send message' }));
    expect(await screen.findByTestId('send-now-result')).toHaveTextContent(
      'Nothing was sent to Siti Rahmawati: the patient has not given consent.',
    );
    expect(screen.queryByText(/on its way/)).not.toBeInTheDocument();
  });

  it('reports a duplicate in Korean and Indonesian', async () => {
    setup({ status: 'skipped', reason: 'duplicate', message_id: null });
    const user = userEvent.setup();
    await i18n.changeLanguage('ko');
    renderApp('/reminders/r-1');
    await user.click(await screen.findByRole('button', { name: '지금 보내기' }));
    await user.click(within(screen.getByRole('alertdialog', { name: '이 알림을 지금 보낼까요?' })).getByRole('button', { name: '메시지 보내기' }));
    expect(await screen.findByTestId('send-now-result')).toHaveTextContent(
      'Siti Rahmawati님에게 보내지 않았습니다: 몇 분 전에 같은 메시지를 이 환자에게 보냈습니다.',
    );
    await i18n.changeLanguage('id');
    expect(await screen.findByText('Tidak ada yang dikirim ke Siti Rahmawati: pesan yang sama sudah dikirim ke pasien ini beberapa menit lalu.')).toBeInTheDocument();
  });
});
