import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { meFor, volunteerUser } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';
import { campaign, counters, page } from './fixtures';

describe('campaigns list', () => {
  it('shows loading, then an empty list with a hint and the create link for an admin', async () => {
    server.use(http.get(`${API}/campaigns`, () => page([])));
    renderApp('/campaigns');
    expect(screen.getByRole('status')).toHaveTextContent(/Loading/);
    expect(await screen.findByText('No campaigns yet')).toBeInTheDocument();
    expect(screen.getByText(/Create a campaign to send a message/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /New campaign/ })).toHaveAttribute('href', '/campaigns/new');
  });

  it('lists campaigns with their status and progress, and filters by status', async () => {
    const seen: URLSearchParams[] = [];
    const all = [
      campaign(1, { name: 'Awareness month', status: 'running', counters: counters({ total: 200, queued: 50, sent: 100, delivered: 80, failed: 30, skipped: 20 }) }),
      campaign(2, { name: 'Screening invite' }),
    ];
    server.use(
      http.get(`${API}/campaigns`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        seen.push(q);
        return page(q.get('status') ? all.filter((c) => c.status === q.get('status')) : all);
      }),
    );
    const user = userEvent.setup();
    renderApp('/campaigns');
    const rows = await screen.findAllByTestId('campaign-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByRole('link', { name: 'Awareness month' })).toHaveAttribute('href', '/campaigns/c-1');
    expect(within(rows[0]).getByText('Sending')).toBeInTheDocument();
    expect(within(rows[0]).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '75');
    expect(within(rows[0]).getByText('150 / 200')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Draft')).toBeInTheDocument();
    expect(within(rows[1]).getByText(/20 Nov 2026/)).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Status'), 'running');
    await waitFor(() => expect(screen.getAllByTestId('campaign-row')).toHaveLength(1));
    expect(seen.at(-1)?.get('status')).toBe('running');
  });

  it('shows an error with a retry', async () => {
    let calls = 0;
    server.use(http.get(`${API}/campaigns`, () => (++calls === 1 ? problem(429, 'rate_limited', 'Too many requests; try again in a minute.') : page([campaign(1)]))));
    const user = userEvent.setup();
    renderApp('/campaigns');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many requests');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByRole('link', { name: 'Campaign 1' })).not.toHaveLength(0);
  });

  it('offers no create link to a volunteer, in Bahasa Indonesia', async () => {
    await i18n.changeLanguage('id');
    server.use(
      http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))),
      http.get(`${API}/campaigns`, () => page([])),
    );
    renderApp('/campaigns');
    expect(await screen.findByText('Belum ada kampanye')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Kampanye baru/ })).not.toBeInTheDocument();
  });
});
