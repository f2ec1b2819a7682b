import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { mockReactFlow } from '../../test/reactFlow';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';
import { linearGraph, workflow } from './testFixtures';
import type { WorkflowSimulateRequest, WorkflowSimulation } from './types';

beforeAll(mockReactFlow);

function simulation(script: NonNullable<WorkflowSimulateRequest['script']>): WorkflowSimulation {
  const replied = script.some((a) => a.action === 'reply');
  const skipped = script.some((a) => a.action === 'skip_wait');
  return {
    status: replied ? 'completed' : 'waiting',
    waiting: replied ? '' : 'delay',
    current_node_id: skipped ? 's1' : 's1_delay',
    next_run_at: replied ? null : '2026-11-23T02:00:00Z',
    clock: skipped ? '2026-11-23T02:00:00Z' : '2026-11-22T02:00:00Z',
    steps: [{ node_id: 'trigger', type: 'trigger', status: 'done', started_at: '2026-11-22T02:00:00Z', finished_at: null, message_id: null, detail: null }],
    messages: skipped ? [{ node_id: 's1', body: 'Hai Siti Rahmawati', at: '2026-11-23T02:00:00Z' }] : [],
    effects: [],
    notes: replied ? ['The reply was read as: confirm'] : [],
  };
}

describe('workflow simulator', () => {
  it('appends each action to the script and runs the whole script again; reset starts over', async () => {
    const bodies: WorkflowSimulateRequest[] = [];
    server.use(
      http.get(`${API}/workflows/w-2`, () => HttpResponse.json(workflow(2, { graph: linearGraph() }))),
      http.post(`${API}/workflows/simulate`, async ({ request }) => {
        const body = (await request.json()) as WorkflowSimulateRequest;
        bodies.push(body);
        return HttpResponse.json(simulation(body.script ?? []));
      }),
    );
    const user = userEvent.setup();
    renderApp('/workflows/w-2');
    await screen.findByRole('heading', { name: 'Workflow 2', level: 1 });

    await user.click(screen.getByRole('button', { name: 'Run' }));
    const result = await screen.findByTestId('simulation-result');
    expect(within(result).getByText('Waiting')).toBeInTheDocument();
    expect(within(result).getByText('No message yet.')).toBeInTheDocument();
    // Nothing was changed: the saved workflow runs.
    expect(bodies[0]).toEqual({ workflow_id: 'w-2', patient: { name: 'Siti Rahmawati', language: 'id', timezone: 'Asia/Jakarta' }, script: [] });

    await user.click(screen.getByRole('button', { name: 'Skip the wait' }));
    await within(screen.getByTestId('simulation-result')).findByText('Hai Siti Rahmawati');
    expect(bodies[1].script).toEqual([{ action: 'skip_wait' }]);

    await user.type(screen.getByLabelText('Reply as the patient'), 'sudah');
    await user.click(screen.getByRole('button', { name: 'Reply' }));
    await within(screen.getByTestId('simulation-result')).findByText('The reply was read as: confirm');
    expect(bodies[2].script).toEqual([{ action: 'skip_wait' }, { action: 'reply', text: 'sudah' }]);
    const script = screen.getByTestId('sim-script');
    expect(within(script).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['1. Skipped the wait', '2. Replied “sudah”']);
    expect(screen.getByRole('button', { name: 'Skip the wait' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(screen.queryByTestId('simulation-result')).not.toBeInTheDocument();
    expect(screen.queryByTestId('sim-script')).not.toBeInTheDocument();
  });

  it('runs the unsaved graph once the draft has changed', async () => {
    let body: WorkflowSimulateRequest | undefined;
    server.use(
      http.get(`${API}/workflows/w-2`, () => HttpResponse.json(workflow(2, { graph: linearGraph() }))),
      http.post(`${API}/workflows/simulate`, async ({ request }) => {
        body = (await request.json()) as WorkflowSimulateRequest;
        return HttpResponse.json(simulation([]));
      }),
    );
    const user = userEvent.setup();
    renderApp('/workflows/w-2');
    await screen.findByRole('heading', { name: 'Workflow 2', level: 1 });
    await user.click(screen.getByRole('button', { name: 'Add step: Notify staff' }));
    await user.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(body).toBeDefined());
    expect(body).not.toHaveProperty('workflow_id');
    expect(body?.graph?.nodes.map((n) => n.type)).toEqual(['trigger', 'delay', 'send_message', 'end', 'notify_staff']);
  });
});
