// The workflow shapes of the API contract (SPEC §3.2), from the generated schema.
import type { components } from '../../api/schema';
import type { Paths } from '../../api/types';

type Schemas = components['schemas'];

export type Workflow = Schemas['Workflow'];
export type WorkflowList = Schemas['WorkflowList'];
export type WorkflowInput = Schemas['WorkflowInput'];
export type WorkflowPatch = Schemas['WorkflowPatch'];
export type WorkflowGraph = Schemas['WorkflowGraph'];
export type WorkflowNode = Schemas['WorkflowNode'];
export type WorkflowEdge = Schemas['WorkflowEdge'];
export type WorkflowTrigger = Schemas['WorkflowTrigger'];
export type WorkflowSegment = Schemas['WorkflowSegment'];
export type WorkflowLinearStep = Schemas['WorkflowLinearStep'];
export type WorkflowValidateRequest = Schemas['WorkflowValidateRequest'];
export type WorkflowRunRequest = Schemas['WorkflowRunRequest'];
export type WorkflowRunResult = Schemas['WorkflowRunResult'];
export type WorkflowExecution = Schemas['WorkflowExecution'];
export type WorkflowExecutionList = Schemas['WorkflowExecutionList'];
export type WorkflowStep = Schemas['WorkflowStep'];
export type WorkflowSimulateRequest = Schemas['WorkflowSimulateRequest'];
export type WorkflowSimulation = Schemas['WorkflowSimulation'];
export type WorkflowSimAction = Schemas['WorkflowSimAction'];
export type WorkflowSimPatient = Schemas['WorkflowSimPatient'];
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
