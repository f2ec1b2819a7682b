// The workflow shapes of the API contract (SPEC §3.2), from the generated schema.
import type { components } from '../../api/schema';
import type { Paths } from '../../api/types';

type Schemas = components['schemas'];

export type Workflow = Schemas['api.Workflow'];
export type WorkflowList = Schemas['api.WorkflowList'];
export type WorkflowInput = Schemas['api.WorkflowInput'];
export type WorkflowPatch = Schemas['api.WorkflowPatch'];
export type WorkflowGraph = Schemas['api.WorkflowGraph'];
export type WorkflowNode = Schemas['api.WorkflowNode'];
export type WorkflowEdge = Schemas['api.WorkflowEdge'];
export type WorkflowTrigger = Schemas['api.WorkflowTrigger'];
export type WorkflowSegment = Schemas['api.WorkflowSegment'];
export type WorkflowLinearStep = Schemas['api.WorkflowLinearStep'];
export type WorkflowValidateRequest = Schemas['api.WorkflowValidateRequest'];
export type WorkflowRunRequest = Schemas['api.WorkflowRunRequest'];
export type WorkflowRunResult = Schemas['api.WorkflowRunResult'];
export type WorkflowExecution = Schemas['api.WorkflowExecution'];
export type WorkflowExecutionList = Schemas['api.WorkflowExecutionList'];
export type WorkflowStep = Schemas['api.WorkflowStep'];
export type WorkflowSimulateRequest = Schemas['api.WorkflowSimulateRequest'];
export type WorkflowSimulation = Schemas['api.WorkflowSimulation'];
export type WorkflowSimAction = Schemas['api.WorkflowSimAction'];
export type WorkflowSimPatient = Schemas['api.WorkflowSimPatient'];
export type WorkflowListQuery = NonNullable<Paths['/workflows']['get']['parameters']['query']>;
export type ExecutionListQuery = NonNullable<Paths['/workflow-executions']['get']['parameters']['query']>;

export type NodeType = WorkflowNode['type'];
export type TriggerType = WorkflowTrigger['type'];
export type ExecutionStatus = WorkflowExecution['status'];
export type StepStatus = WorkflowStep['status'];
export type SourceHandle = NonNullable<WorkflowEdge['source_handle']>;
/** A node's data as the API keeps it: the type's settings and the editor's label. */
export type NodeData = Record<string, unknown>;

export const NODE_TYPES = [
  'trigger',
  'send_message',
  'delay',
  'wait_for_reply',
  'condition',
  'update_patient',
  'notify_staff',
  'call_webhook',
  'end',
] as const satisfies readonly NodeType[];
/** The node types the palette adds (a workflow has exactly one trigger). */
export const PALETTE_TYPES = NODE_TYPES.filter((t) => t !== 'trigger');

export const TRIGGER_TYPES = [
  'post_surgery',
  'appointment',
  'patient_created',
  'webhook',
  'schedule',
  'inbound_keyword',
  'manual',
] as const satisfies readonly TriggerType[];

export const EXECUTION_STATUSES = ['running', 'waiting', 'completed', 'failed', 'cancelled'] as const satisfies readonly ExecutionStatus[];
export const STEP_STATUSES = ['done', 'waiting', 'skipped', 'failed'] as const satisfies readonly StepStatus[];
export const WAITING_KINDS = ['delay', 'reply', 'webhook'] as const;
export const HANDLES = ['true', 'false', 'reply', 'timeout'] as const satisfies readonly SourceHandle[];

/** The named exits of a node type; [null] for a single unnamed exit, [] for none. */
export function exitsOf(type: string): (SourceHandle | null)[] {
  if (type === 'condition') return ['true', 'false'];
  if (type === 'wait_for_reply') return ['reply', 'timeout'];
  if (type === 'end') return [];
  return [null];
}

// Vocabulary of node data (internal/workflow/flow/vocab.go).
export const NODE_CHANNELS = ['whatsapp', 'kakao', 'sms'] as const;
export const INTENTS = ['confirm', 'not_yet', 'reschedule', 'question', 'opt_out', 'urgent', 'greeting', 'other'] as const;
export const CONDITION_SUBJECTS = ['field', 'tag', 'attribute', 'last_reply_intent', 'message_status'] as const;
export type ConditionSubject = (typeof CONDITION_SUBJECTS)[number];
export const CONDITION_OPS = ['eq', 'neq', 'in', 'contains', 'exists', 'gt', 'lt'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];
/** The operators a subject allows (field and attribute allow every one). */
export function opsFor(subject: string): readonly ConditionOp[] {
  return subject === 'field' || subject === 'attribute' ? CONDITION_OPS : ['eq', 'neq', 'exists', 'in'];
}
export const CONDITION_FIELDS = [
  'name',
  'language',
  'gender',
  'timezone',
  'diagnosis',
  'cancer_stage',
  'consent',
  'preferred_channel',
  'birth_date',
  'last_visit_date',
  'last_surgery_date',
  'external_id',
  'is_active',
] as const;
export const CONDITION_MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed', 'skipped'] as const;
/** Patient fields update_patient may set, besides attributes.<name>. */
export const SET_FIELDS = ['language', 'notes', 'diagnosis', 'cancer_stage', 'preferred_channel'] as const;
