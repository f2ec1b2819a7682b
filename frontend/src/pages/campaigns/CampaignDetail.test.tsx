import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { meFor, volunteerUser } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';
import { campaign, campaignHandlers, counters, page, recipient } from './fixtures';
import type { Campaign, CampaignCheck } from './types';

const missing = { code: 'missing_variable', field: 'bodies.ko', message: '{{attributes.hospital}} has no value for 12 patients whose language is ko' };
const warmup = { code: 'warmup_limits', field: '', message: 'the WhatsApp number is warming up: at most 250 messages a day' };

function check(extra: Partial<CampaignCheck> = {}): CampaignCheck {
  return { ok: true, problems: [], warnings: [], estimated_duration_seconds: 3_720, recipients: 118, excluded: 5, ...extra };
}

describe('campaign page', () => {
  it('shows live progress while sending, polling until the campaign completes', async () => {
    let current: Campaign = campaign(1, { status: 'running', started_at: '2026-11-22T01:00:00Z', counters: counters({ total: 200, queued: 50, sent: 100, delivered: 80, failed: 30, skipped: 20 }) });
    let reads = 0;
    server.use(...campaignHandlers({ recipients: [recipient(1), recipient(2, { status: 'failed', error_code: 'whatsapp_timeout', sent_at: null })] }));
    server.use(
      http.get(`${API}/campaigns/c-1`, () => {
        reads++;
        const now = current;
        current = { ...current, status: 'completed', completed_at: '2026-11-22T02:00:00Z', counters: counters({ total: 200, sent: 150, delivered: 140, failed: 30, skipped: 20 }) };
        return HttpResponse.json(now);
      }),
    );
    renderApp('/campaigns/c-1');
    const bar = await screen.findByRole('progressbar', { name: 'Sending progress' });
    expect(bar).toHaveAttribute('aria-valuenow', '75');
    expect(bar).toHaveAttribute('aria-valuetext', '75% settled: 150 of 200');
    const tiles = screen.getByTestId('campaign-counters');
    expect(within(tiles).getByText('Queued').parentElement).toHaveTextContent('50');
    expect(within(tiles).getByText('Delivered').parentElement).toHaveTextContent('80');
    expect(screen.getAllByText('Sending').length).toBeGreaterThan(0);
    const rows = await screen.findAllByTestId('recipient-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[1]).getByText('whatsapp_timeout')).toBeInTheDocument();
    // Read again every 2 s while it runs.
    await waitFor(() => expect(screen.getByRole('progressbar', { name: 'Sending progress' })).toHaveAttribute('aria-valuenow', '100'), { timeout: 6_000 });
    expect(screen.getAllByText('Completed').length).toBeGreaterThan(0);
    expect(reads).toBeGreaterThanOrEqual(2);
  });

  it('makes an automatic pause after failures stand out, with its reason, and resumes after confirming', async () => {
    const paused = campaign(1, {
      status: 'paused',
      pause_code: 'failures',
      pause_reason: '20 messages in a row failed (last: whatsapp_timeout)',
      counters: counters({ total: 100, queued: 60, sent: 10, delivered: 5, failed: 20, skipped: 10 }),
    });
    let resumed = 0;
    server.use(...campaignHandlers({ one: paused }));
    server.use(
      http.post(`${API}/campaigns/c-1/resume`, () => {
        resumed++;
        return HttpResponse.json({ ...paused, status: 'running', pause_code: null, pause_reason: null });
      }),
    );
    const user = userEvent.setup();
    renderApp('/campaigns/c-1');
    const banner = await screen.findByTestId('pause-banner');
    expect(banner).toHaveAttribute('role', 'alert');
    expect(banner).toHaveTextContent('Sending stopped automatically after repeated failures');
    expect(banner).toHaveTextContent('20 messages in a row failed (last: whatsapp_timeout)');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '40');

    await user.click(screen.getByRole('button', { name: 'Resume' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Resume this campaign?' });
    await user.click(within(dialog).getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(screen.queryByTestId('pause-banner')).not.toBeInTheDocument());
    expect(resumed).toBe(1);
  });

  it('checks a draft, then shows the problems of an execute the server refuses (422)', async () => {
    const draft = campaign(1);
    const executes: string[] = [];
    server.use(...campaignHandlers({ one: draft }));
    server.use(
      http.post(`${API}/campaigns/c-1/execute`, ({ request }) => {
        const dry = new URL(request.url).searchParams.get('dry_run');
        executes.push(dry ?? 'run');
        if (dry === 'true') return HttpResponse.json(check({ warnings: [warmup] }));
        return HttpResponse.json(
          { type: 'about:blank', title: 'The campaign did not pass its pre-flight check.', status: 422, code: 'unprocessable', errors: [{ field: 'bodies.ko', code: 'missing_variable', message: missing.message }], ...check({ ok: false, problems: [missing] }) },
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        );
      }),
    );
    const user = userEvent.setup();
    renderApp('/campaigns/c-1');
    expect(await screen.findByRole('heading', { name: 'Campaign 1', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText('Recipients are chosen when the campaign is executed.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Check' }));
    const result = await screen.findByTestId('preflight');
    expect(result).toHaveTextContent('Ready to send');
    expect(within(result).getByTestId('preflight-duration')).toHaveTextContent('1 hour and 2 minutes');
    expect(within(result).getByTestId('preflight-warning')).toHaveTextContent('WhatsApp warm-up limits the pace');

    await user.click(screen.getByRole('button', { name: 'Start sending' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Start sending this campaign?' });
    expect(dialog).toHaveTextContent('Recipients: 118 (5 excluded). Estimated sending time: 1 hour and 2 minutes.');
    await user.click(within(dialog).getByRole('button', { name: 'Start sending' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    const refused = await screen.findByTestId('preflight');
    expect(refused).toHaveTextContent('Sending was refused: the campaign did not pass its check');
    const problem = within(refused).getByTestId('preflight-problem');
    expect(problem).toHaveTextContent('A variable has no value');
    expect(problem).toHaveTextContent('{{attributes.hospital}} has no value for 12 patients whose language is ko');
    expect(problem).toHaveTextContent('bodies.ko');
    expect(executes).toEqual(['true', 'true', 'run']);
    expect(screen.getAllByText('Draft').length).toBeGreaterThan(0);
  });

  it('lists recipients by status and variant, with an empty state', async () => {
    const one = campaign(1, {
      status: 'completed',
      bodies: null,
      variants: [
        { key: 'A', weight: 50, bodies: { id: 'Halo' }, template_id: null },
        { key: 'B', weight: 50, bodies: { id: 'Hai' }, template_id: null },
      ],
      variant_results: [
        { key: 'A', sent: 10, delivered: 9, read: 5, replied: 2, confirmed: 1 },
        { key: 'B', sent: 10, delivered: 8, read: 6, replied: 4, confirmed: 3 },
      ],
      counters: counters({ total: 20, sent: 20, delivered: 17 }),
    });
    const seen: URLSearchParams[] = [];
    server.use(...campaignHandlers({ one }));
    server.use(
      http.get(`${API}/campaigns/c-1/recipients`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        seen.push(q);
        return q.get('status') === 'failed' ? page([]) : page([recipient(1, { variant: 'A' }), recipient(2, { variant: 'B', status: 'skipped', skip_reason: 'opted_out', sent_at: null })]);
      }),
    );
    const user = userEvent.setup();
    renderApp('/campaigns/c-1');
    const table = await screen.findByTestId('variant-results');
    expect(within(table).getByRole('rowheader', { name: /^B/ }).parentElement).toHaveTextContent('30%');
    const rows = await screen.findAllByTestId('recipient-row');
    expect(within(rows[1]).getByText('Opted out')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Variant', { selector: 'select' }), 'B');
    await waitFor(() => expect(seen.at(-1)?.get('variant')).toBe('B'));
    await user.selectOptions(screen.getByLabelText('Status', { selector: 'select' }), 'failed');
    expect(await screen.findByText('No recipients match these filters')).toBeInTheDocument();
    expect(seen.at(-1)?.get('status')).toBe('failed');
  });

  it('lets a volunteer pause but not start, resume or cancel', async () => {
    server.use(...campaignHandlers({ one: campaign(1, { status: 'running', counters: counters({ total: 10, queued: 10 }) }) }));
    server.use(http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))));
    renderApp('/campaigns/c-1');
    expect(await screen.findByRole('button', { name: 'Pause' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel campaign' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Check' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });
});
