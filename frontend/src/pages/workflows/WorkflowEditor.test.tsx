import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { meFor, volunteerUser } from '../../test/fixtures';
import { mockReactFlow } from '../../test/reactFlow';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';
import { linearGraph, workflow } from './testFixtures';
import type { WorkflowPatch } from './types';

beforeAll(mockReactFlow);

const nodeEl = (id: string) => document.querySelector<HTMLElement>(`[data-testid="wf-node"][data-node-id="${id}"]`);

describe('workflow editor', () => {
  it('shows the server’s validation errors on the nodes they name and in the inspector', async () => {
    server.use(
      http.get(`${API}/workflows/w-1`, () => HttpResponse.json(workflow(1))),
      http.post(`${API}/workflows/validate`, () =>
        problem(400, 'validation_failed', 'The workflow has problems.', [
          { field: 'graph.nodes[n3].data.message', code: 'required', message: 'is required' } as never,
          { field: 'graph.nodes[n4]', code: 'invalid', message: 'is not reachable from the trigger' } as never,
          { field: 'graph.edges[e3].source_handle', code: 'invalid_enum', message: 'must be one of true, false' } as never,
        ]),
      ),
    );
    const user = userEvent.setup();
    renderApp('/workflows/w-1');
    await screen.findByRole('heading', { name: 'Workflow 1', level: 1 });
    await waitFor(() => expect(nodeEl('n3')).not.toBeNull());
    expect(nodeEl('n3')).not.toHaveAttribute('data-invalid');

    await user.click(screen.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(nodeEl('n3')).toHaveAttribute('data-invalid', 'true'));
    expect(nodeEl('n3')).toHaveTextContent('This field is required.');
    expect(nodeEl('n4')).toHaveTextContent('Nothing leads to this step from the start');
    expect(nodeEl('n2')).not.toHaveAttribute('data-invalid');
    const problems = screen.getByTestId('graph-problems');
    expect(problems).toHaveTextContent('Connection e3: Connect from the step’s named exits'.replace('’', "'"));
    expect(screen.getByText('Fix the problems marked in red.')).toBeInTheDocument();

    // Choosing the problem selects its node: the field the server named is marked in the inspector.
    await user.click(within(problems).getByRole('button', { name: /Step n3/ }));
    const inspector = await screen.findByTestId('node-inspector');
    const message = within(inspector).getByLabelText(/^Message/);
    expect(message).toHaveAttribute('aria-invalid', 'true');
    expect(within(inspector).getByText('This field is required.')).toBeInTheDocument();
  });

  it('saves the linear form as steps, with the version it was based on', async () => {
    let body: WorkflowPatch | undefined;
    server.use(
      http.get(`${API}/workflows/w-2`, () => HttpResponse.json(workflow(2, { graph: linearGraph(), version: 4 }))),
      http.patch(`${API}/workflows/w-2`, async ({ request }) => {
        body = (await request.json()) as WorkflowPatch;
        return HttpResponse.json(workflow(2, { graph: linearGraph(), version: 5 }));
      }),
    );
    const user = userEvent.setup();
    renderApp('/workflows/w-2');
    await screen.findByRole('heading', { name: 'Workflow 2', level: 1 });
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();

    await user.click(screen.getByRole('tab', { name: 'Linear' }));
    const rows = await screen.findAllByTestId('linear-row');
    expect(rows).toHaveLength(1);
    expect(within(rows[0]).getByLabelText('Day')).toHaveValue(1);
    expect(within(rows[0]).getByLabelText('Send')).toHaveValue('Hai {{name}}');

    await user.click(screen.getByRole('button', { name: 'Add a step' }));
    const second = screen.getAllByTestId('linear-row')[1];
    await user.clear(within(second).getByLabelText('Day'));
    await user.type(within(second).getByLabelText('Day'), '3');
    await user.type(within(second).getByLabelText('Send'), 'Jangan lupa kontrol');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await screen.findByText('Saved as version 5.');
    expect(body).toEqual({
      name: 'Workflow 2',
      description: '',
      trigger: { type: 'manual', surgery_type: null, webhook_id: null, cron: null, rrule: null, segment: null, keywords: [] },
      steps: [
        { day: 1, time_of_day: '09:00', action: { type: 'send_message', message: 'Hai {{name}}' } },
        { day: 3, time_of_day: '09:00', action: { type: 'send_message', message: 'Jangan lupa kontrol' } },
      ],
      version: 4,
    });
    expect(body).not.toHaveProperty('graph');
  });

  it('shows a branching workflow’s linear tab read-only, with a note', async () => {
    server.use(http.get(`${API}/workflows/w-1`, () => HttpResponse.json(workflow(1))));
    const user = userEvent.setup();
    renderApp('/workflows/w-1');
    await screen.findByRole('heading', { name: 'Workflow 1', level: 1 });
    await user.click(screen.getByRole('tab', { name: 'Linear' }));
    expect(await screen.findByText(/This workflow branches/)).toBeInTheDocument();
    expect(screen.queryAllByTestId('linear-row')).toHaveLength(0);
    expect(within(screen.getByRole('list', { name: 'Steps in order' })).getAllByRole('listitem')).toHaveLength(4);
  });

  it('creates a workflow from steps added on the palette and connected in the inspector', async () => {
    let body: Record<string, unknown> | undefined;
    server.use(
      http.post(`${API}/workflows`, async ({ request }) => {
        body = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json(workflow(9, { name: 'Follow-up' }), { status: 201 });
      }),
      http.get(`${API}/workflows/w-9`, () => HttpResponse.json(workflow(9, { name: 'Follow-up' }))),
    );
    const user = userEvent.setup();
    renderApp('/workflows/new');
    await user.type(await screen.findByLabelText(/^Name/), 'Follow-up');
    await user.click(screen.getByRole('button', { name: 'Add step: Send message' }));
    const inspector = await screen.findByTestId('node-inspector');
    await user.type(within(inspector).getByLabelText(/^Message/), 'Halo');
    await user.click(screen.getByRole('button', { name: 'Add step: End' }));
    await waitFor(() => expect(nodeEl('n3')).not.toBeNull());
    // Connect n1 → n2 and n2 → n3 without dragging: each step's "Next step" in the inspector.
    const select = async (id: string) => {
      // A plain click: d3-drag reads the mousedown's window, which jsdom's synthetic events lack.
      fireEvent.click(document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)!);
      return within(await screen.findByTestId('node-inspector')).getByLabelText('Next step');
    };
    await user.selectOptions(await select('n1'), 'n2');
    await user.selectOptions(await select('n2'), 'n3');
    await user.click(screen.getByRole('button', { name: 'Create workflow' }));

    await screen.findByText('Workflow created. It is inactive until you activate it.');
    expect(body).toMatchObject({
      name: 'Follow-up',
      trigger: { type: 'manual' },
      graph: {
        nodes: [
          { id: 'n1', type: 'trigger', data: {} },
          { id: 'n2', type: 'send_message', data: { message: 'Halo' } },
          { id: 'n3', type: 'end', data: {} },
        ],
        edges: [
          { id: 'e_n1_next', source: 'n1', target: 'n2', source_handle: null },
          { id: 'e_n2_next', source: 'n2', target: 'n3', source_handle: null },
        ],
      },
    });
    expect(body).not.toHaveProperty('steps');
  });

  it('is read-only for volunteers', async () => {
    server.use(
      http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))),
      http.get(`${API}/workflows/w-1`, () => HttpResponse.json(workflow(1, { is_active: true }))),
    );
    renderApp('/workflows/w-1');
    await screen.findByRole('heading', { name: 'Workflow 1', level: 1 });
    expect(screen.getByText(/Only admins change workflows/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Add step/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Deactivate' })).not.toBeInTheDocument();
    // Volunteers may still start it for their patients.
    expect(screen.getByRole('heading', { name: 'Run for patients' })).toBeInTheDocument();
  });
});
