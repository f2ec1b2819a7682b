// Workflows and executions for the unit tests.
import type { Workflow, WorkflowExecution, WorkflowGraph } from './types';

export function workflow(n: number, extra: Partial<Workflow> = {}): Workflow {
  return {
    id: `w-${n}`,
    name: `Workflow ${n}`,
    description: '',
    is_active: false,
    version: 1,
    activated_at: null,
    signing_secret: 'whsec_test',
    trigger: { type: 'manual', surgery_type: null, webhook_id: null, cron: null, rrule: null, segment: null, keywords: [] },
    graph: branchingGraph(),
    created_at: '2026-11-20T02:00:00Z',
    updated_at: '2026-11-21T02:00:00Z',
    ...extra,
  };
}

/** trigger → condition (tag breast) → yes: send "Halo"; no: end. */
export function branchingGraph(): WorkflowGraph {
  return {
    nodes: [
      { id: 'n1', type: 'trigger', data: {}, position: { x: 0, y: 0 } },
      { id: 'n2', type: 'condition', data: { subject: 'tag', op: 'eq', value: 'breast' }, position: { x: 0, y: 140 } },
      { id: 'n3', type: 'send_message', data: { message: '' }, position: { x: -150, y: 280 } },
      { id: 'n4', type: 'end', data: {}, position: { x: 150, y: 280 } },
    ],
    edges: [
      { id: 'e1', source: 'n1', target: 'n2', source_handle: null },
      { id: 'e2', source: 'n2', target: 'n3', source_handle: 'true' },
      { id: 'e3', source: 'n2', target: 'n4', source_handle: 'false' },
    ],
  };
}

/** The graph the server stores for steps [{day 1, 09:00, "Hai"}]. */
export function linearGraph(): WorkflowGraph {
  return {
    nodes: [
      { id: 'trigger', type: 'trigger', data: {}, position: { x: 0, y: 0 } },
      { id: 's1_delay', type: 'delay', data: { days: 1, time_of_day: '09:00' }, position: { x: 0, y: 120 } },
      { id: 's1', type: 'send_message', data: { message: 'Hai {{name}}' }, position: { x: 0, y: 240 } },
      { id: 'end', type: 'end', data: {}, position: { x: 0, y: 360 } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 's1_delay', source_handle: null },
      { id: 'e2', source: 's1_delay', target: 's1', source_handle: null },
      { id: 'e3', source: 's1', target: 'end', source_handle: null },
    ],
  };
}

export function execution(n: number, extra: Partial<WorkflowExecution> = {}): WorkflowExecution {
  return {
    id: `x-${n}`,
    workflow_id: 'w-1',
    workflow_version: 2,
    patient_id: 'p-1',
    patient_name: 'Patient 1',
    trigger_event_id: `manual:${n}`,
    status: 'waiting',
    waiting: 'delay',
    current_node_id: 's1_delay',
    next_run_at: '2026-11-23T02:00:00Z',
    context: { source: 'test' },
    started_at: '2026-11-22T02:00:00Z',
    finished_at: null,
    ...extra,
  };
}
