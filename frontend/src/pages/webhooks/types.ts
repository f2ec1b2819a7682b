// The inbound webhook shapes of the API contract (SPEC §3.2), from the generated schema.
import type { components } from '../../api/schema';
import type { Paths } from '../../api/types';

type Schemas = components['schemas'];

export type Webhook = Schemas['Webhook'];
export type WebhookList = Schemas['WebhookList'];
export type WebhookInput = Schemas['WebhookInput'];
export type WebhookPatch = Schemas['WebhookPatch'];
export type WebhookRotateRequest = Schemas['WebhookRotateRequest'];
export type WebhookExecution = Schemas['WebhookExecution'];
export type WebhookExecutionList = Schemas['WebhookExecutionList'];
export type WebhookListQuery = NonNullable<Paths['/webhooks']['get']['parameters']['query']>;

export type WebhookOutcome = WebhookExecution['outcome'];
export const WEBHOOK_OUTCOMES = ['started', 'replayed', 'rejected', 'failed'] as const satisfies readonly WebhookOutcome[];

/** How long a replaced secret keeps verifying calls, in seconds (the API allows 0 to 7 days). */
export const OVERLAPS = [
  { key: 'none', seconds: 0 },
  { key: 'hour', seconds: 3_600 },
  { key: 'day', seconds: 86_400 },
  { key: 'week', seconds: 604_800 },
] as const;
export type OverlapKey = (typeof OVERLAPS)[number]['key'];
