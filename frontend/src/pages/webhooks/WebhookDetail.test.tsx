import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { adminUser, meFor } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';
import { call, webhook, webhookHandlers } from './fixtures';

const CALLS = [
  call('c1', { outcome: 'started' }),
  call('c2', { outcome: 'replayed', status_code: 200 }),
  call('c3', { outcome: 'rejected', status_code: 401, payload: null, execution_id: null, patient_id: null, delivery_id: null, duration_ms: 3,
    response: { code: 'invalid_signature' } as unknown as ReturnType<typeof call>['response'] }),
  call('c4', { outcome: 'failed', status_code: 400, execution_id: null, patient_id: null }),
];

describe('webhook calls', () => {
  it('lists each call with its outcome, status, duration and workflow execution', async () => {
    server.use(...webhookHandlers({ calls: CALLS }));
    const user = userEvent.setup();
    renderApp('/webhooks/wh-1');
    const rows = await screen.findAllByTestId('webhook-call');
    expect(rows.map((r) => within(r).getByTestId('call-outcome').textContent)).toEqual(['Started', 'Replayed', 'Rejected', 'Failed']);
    expect(within(rows[0]).getByText('HTTP 202')).toBeInTheDocument();
    expect(within(rows[0]).getByText('12 ms')).toBeInTheDocument();
    expect(within(rows[0]).getByRole('link', { name: 'Workflow execution' })).toHaveAttribute('href', '/workflow-executions/ex-1');
    expect(within(rows[2]).getByText('HTTP 401')).toBeInTheDocument();
    expect(within(rows[2]).queryByRole('link', { name: 'Workflow execution' })).not.toBeInTheDocument();

    // An admin reads the payload and the answer.
    await user.click(within(rows[0]).getByText('Payload and answer'));
    expect(within(rows[0]).getByTestId('call-payload').textContent).toContain('"name": "Siti"');
    expect(within(rows[0]).getByTestId('call-response').textContent).toContain('"execution_id": "ex-1"');
    await user.click(within(rows[2]).getByText('Payload and answer'));
    expect(within(rows[2]).getByText(/Not recorded/)).toBeInTheDocument();
    expect(within(rows[2]).getByTestId('call-response').textContent).toContain('invalid_signature');
  });

  it('keeps payloads from developers', async () => {
    server.use(...webhookHandlers({ calls: [call('c1', { payload: null })] }));
    server.use(http.get(`${API}/me`, () => HttpResponse.json(meFor({ ...adminUser, role: 'developer' }))));
    const user = userEvent.setup();
    renderApp('/webhooks/wh-1');
    const [row] = await screen.findAllByTestId('webhook-call');
    await user.click(within(row).getByText('Payload and answer'));
    expect(within(row).getByText('Payloads hold patient data; only admins see them.')).toBeInTheDocument();
    expect(within(row).queryByTestId('call-payload')).not.toBeInTheDocument();
  });

  it('says when there are no calls yet, in Korean', async () => {
    await i18n.changeLanguage('ko');
    server.use(...webhookHandlers());
    renderApp('/webhooks/wh-1');
    expect(await screen.findByText('아직 호출이 없습니다.')).toBeInTheDocument();
  });
});

describe('webhook settings', () => {
  it('saves with the version and shows a stale save as "changed meanwhile, reload"', async () => {
    let version = 1;
    const patches: unknown[] = [];
    server.use(...webhookHandlers());
    server.use(
      http.get(`${API}/webhooks/wh-1`, () => HttpResponse.json(webhook(1, { version, name: version > 1 ? 'Renamed elsewhere' : 'Webhook 1' }))),
      http.patch(`${API}/webhooks/wh-1`, async ({ request }) => {
        patches.push(await request.json());
        version = 2;
        return problem(409, 'conflict', 'The webhook was changed by someone else.');
      }),
    );
    const user = userEvent.setup();
    renderApp('/webhooks/wh-1');
    const name = await screen.findByLabelText(/^Name/);
    await user.clear(name);
    await user.type(name, 'Mine');
    await user.selectOptions(screen.getByLabelText('Workflow'), 'Post-surgery follow-up');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/was changed meanwhile/)).toBeInTheDocument();
    expect(patches[0]).toEqual({ name: 'Mine', workflow_id: 'wf-1', is_active: true, version: 1 });
    await user.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(screen.getByLabelText(/^Name/)).toHaveValue('Renamed elsewhere'));
    expect(screen.queryByText(/was changed meanwhile/)).not.toBeInTheDocument();
  });

  it('unbinds the workflow and deactivates', async () => {
    let patch: unknown;
    server.use(...webhookHandlers({ one: webhook(1, { workflow_id: 'wf-1' }) }));
    server.use(
      http.patch(`${API}/webhooks/wh-1`, async ({ request }) => {
        patch = await request.json();
        return HttpResponse.json(webhook(1, { is_active: false, version: 2 }));
      }),
    );
    const user = userEvent.setup();
    renderApp('/webhooks/wh-1');
    await waitFor(() => expect(screen.getByLabelText('Workflow')).toHaveValue('wf-1'));
    await user.selectOptions(screen.getByLabelText('Workflow'), '');
    await user.click(screen.getByLabelText('Active (accepts calls)'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(patch).toEqual({ name: 'Webhook 1', workflow_id: null, is_active: false, version: 1 });
    expect(screen.getByText('Inactive')).toBeInTheDocument();
  });

  it('deletes after confirmation with the version it saw', async () => {
    let ifMatch: string | null = null;
    server.use(...webhookHandlers());
    server.use(
      http.delete(`${API}/webhooks/wh-1`, ({ request }) => {
        ifMatch = request.headers.get('If-Match');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/webhooks/wh-1');
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete this webhook?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByRole('heading', { name: 'Webhooks', level: 1 })).toBeInTheDocument();
    expect(ifMatch).toBe('"1"');
  });
});
