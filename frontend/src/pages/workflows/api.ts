import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type {
  ExecutionListQuery,
  WorkflowExecution,
  WorkflowInput,
  WorkflowListQuery,
  WorkflowPatch,
  WorkflowSimulateRequest,
  WorkflowValidateRequest,
} from './types';

export const workflowKeys = {
  all: ['workflows'] as const,
  lists: ['workflows', 'list'] as const,
  list: (q: WorkflowListQuery) => ['workflows', 'list', q] as const,
  one: (id: string) => ['workflows', 'one', id] as const,
};

export const executionKeys = {
  all: ['workflow-executions'] as const,
  list: (q: ExecutionListQuery) => ['workflow-executions', 'list', q] as const,
  one: (id: string) => ['workflow-executions', 'one', id] as const,
};

/** Executions still moving are looked at again this often. */
export const LIVE_POLL_MS = 3_000;
const LIST_POLL_MS = 10_000;
const live = (status?: string) => status === 'running' || status === 'waiting';

export function useWorkflows(q: WorkflowListQuery, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: workflowKeys.list(q),
    enabled,
    queryFn: () => unwrap(api.GET('/workflows', { params: { query: q } })),
    placeholderData: keepPreviousData,
  });
}

export function useWorkflow(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: workflowKeys.one(id),
    enabled: enabled && Boolean(id),
    queryFn: () => unwrap(api.GET('/workflows/{id}', { params: { path: { id } } })),
  });
}

export function useExecutions(q: ExecutionListQuery) {
  return useQuery({
    queryKey: executionKeys.list(q),
    queryFn: () => unwrap(api.GET('/workflow-executions', { params: { query: q } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.data.some((e) => live(e.status)) ? LIVE_POLL_MS : LIST_POLL_MS),
  });
}

export function useExecution(id: string) {
  return useQuery({
    queryKey: executionKeys.one(id),
    enabled: Boolean(id),
    queryFn: () => unwrap(api.GET('/workflow-executions/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (live(query.state.data?.status) ? LIVE_POLL_MS : false),
  });
}

export const isLive = (e: Pick<WorkflowExecution, 'status'>) => live(e.status);

export const createWorkflow = (body: WorkflowInput, key: string) =>
  unwrap(api.POST('/workflows', { body, headers: { 'Idempotency-Key': key } }));

export const patchWorkflow = (id: string, body: WorkflowPatch) => unwrap(api.PATCH('/workflows/{id}', { params: { path: { id } }, body }));

export const deleteWorkflow = (id: string, version: number) =>
  unwrap(api.DELETE('/workflows/{id}', { params: { path: { id }, header: { 'If-Match': String(version) } } }));

export const setWorkflowActive = (id: string, active: boolean) =>
  active
    ? unwrap(api.POST('/workflows/{id}/activate', { params: { path: { id } } }))
    : unwrap(api.POST('/workflows/{id}/deactivate', { params: { path: { id } } }));

export const validateWorkflow = (body: WorkflowValidateRequest) => unwrap(api.POST('/workflows/validate', { body }));

export const simulateWorkflow = (body: WorkflowSimulateRequest) => unwrap(api.POST('/workflows/simulate', { body }));

export const runWorkflow = (id: string, patientIds: string[], key: string) =>
  unwrap(api.POST('/workflows/{id}/run', { params: { path: { id } }, body: { patient_ids: patientIds }, headers: { 'Idempotency-Key': key } }));

export const cancelExecution = (id: string) => unwrap(api.POST('/workflow-executions/{id}/cancel', { params: { path: { id } } }));
