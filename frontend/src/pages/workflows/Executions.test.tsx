import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { patient } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';
import { execution, linearGraph, workflow } from './testFixtures';
import type { WorkflowExecution } from './types';

const steps: WorkflowExecution['steps'] = [
  { node_id: 'trigger', type: 'trigger', status: 'done', started_at: '2026-11-22T02:00:00Z', finished_at: '2026-11-22T02:00:00Z', message_id: null, detail: null },
  { node_id: 's1', type: 'send_message', status: 'done', started_at: '2026-11-22T02:00:00Z', finished_at: '2026-11-22T02:00:00Z', message_id: 'm-9', detail: 'queued on whatsapp' },
  { node_id: 's2_delay', type: 'delay', status: 'waiting', started_at: '2026-11-22T02:00:00Z', finished_at: null, message_id: null, detail: null },
];

function common() {
  server.use(
    http.get(`${API}/patients/p-1`, () => HttpResponse.json(patient(1))),
    http.get(`${API}/workflows/w-1`, () => HttpResponse.json(workflow(1, { graph: linearGraph(), name: 'Post-op' }))),
  );
}

describe('workflow executions', () => {
  it('lists a workflow’s executions with the patient and status, and filters by status', async () => {
    common();
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(`${API}/workflow-executions`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        seen.push(q);
        const all = [execution(1), execution(2, { status: 'completed', waiting: '', finished_at: '2026-11-22T03:00:00Z', next_run_at: null })];
        const data = q.get('status') ? all.filter((e) => e.status === q.get('status')) : all;
        return HttpResponse.json({ data, page: 1, per_page: 25, total: data.length });
      }),
    );
    const user = userEvent.setup();
    renderApp('/workflows/w-1/executions');
    expect(await screen.findByRole('heading', { name: 'Executions of Post-op', level: 1 })).toBeInTheDocument();
    const rows = await screen.findAllByTestId('execution-row');
    expect(rows).toHaveLength(2);
    await within(rows[0]).findByText('Patient 1');
    expect(within(rows[0]).getByText('Waiting')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Completed')).toBeInTheDocument();
    expect(within(rows[0]).getByRole('link')).toHaveAttribute('href', '/workflow-executions/x-1');
    expect(seen[0].get('workflow_id')).toBe('w-1');

    await user.selectOptions(screen.getByLabelText('Status'), 'completed');
    await waitFor(() => expect(screen.getAllByTestId('execution-row')).toHaveLength(1));
    expect(seen.at(-1)?.get('status')).toBe('completed');
  });

  it('shows the step log and cancels a waiting execution after confirming', async () => {
    common();
    let current: WorkflowExecution = execution(1, { steps });
    let cancelled = 0;
    server.use(
      http.get(`${API}/workflow-executions/x-1`, () => HttpResponse.json(current)),
      http.post(`${API}/workflow-executions/x-1/cancel`, () => {
        cancelled++;
        current = { ...current, status: 'cancelled', waiting: '', next_run_at: null, finished_at: '2026-11-22T04:00:00Z' };
        return HttpResponse.json(current);
      }),
    );
    const user = userEvent.setup();
    renderApp('/workflow-executions/x-1');
    expect(await screen.findByRole('heading', { name: 'Workflow execution', level: 1 })).toBeInTheDocument();
    const timeline = screen.getAllByTestId('execution-step');
    expect(timeline).toHaveLength(3);
    expect(within(timeline[1]).getByText('Send message')).toBeInTheDocument();
    expect(within(timeline[1]).getByText('queued on whatsapp')).toBeInTheDocument();
    expect(within(timeline[1]).getByRole('link', { name: 'Open the message' })).toHaveAttribute('href', '/messages?patient_id=p-1&id=m-9');
    expect(within(timeline[2]).getByText('Waiting')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Post-op' })).toHaveAttribute('href', '/workflows/w-1');
    expect(screen.getByText('Context (JSON)')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Cancel execution' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel this execution?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(cancelled).toBe(0);

    await user.click(screen.getByRole('button', { name: 'Cancel execution' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Cancel execution' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(cancelled).toBe(1);
    expect(screen.getAllByText('Cancelled').length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'Cancel execution' })).not.toBeInTheDocument();
  });
});
