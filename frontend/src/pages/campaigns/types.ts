// The campaign shapes of the API contract, from the generated schema.
import type { components } from '../../api/schema';
import type { Paths } from '../../api/types';

type Schemas = components['schemas'];

export type Campaign = Schemas['Campaign'];
export type CampaignList = Schemas['CampaignList'];
export type CampaignInput = Schemas['CampaignInput'];
export type CampaignPatch = Schemas['CampaignPatch'];
export type CampaignAudience = Schemas['CampaignAudience'];
export type CampaignSegment = Schemas['CampaignSegment'];
export type CampaignVariant = Schemas['CampaignVariant'];
export type CampaignVariantResult = Schemas['CampaignVariantResult'];
export type CampaignCounters = Schemas['CampaignCounters'];
export type CampaignWindow = Schemas['CampaignWindow'];
export type CampaignPreview = Schemas['CampaignPreview'];
export type CampaignPreviewRequest = Schemas['CampaignPreviewRequest'];
export type CampaignProblem = Schemas['CampaignProblem'];
export type CampaignCheckProblem = Schemas['CampaignCheckProblem'];
export type CampaignRecipient = Schemas['CampaignRecipient'];
export type CampaignRecipientList = Schemas['CampaignRecipientList'];
/** The pre-flight check: the answer of a dry run, and the findings a refused execute carries. */
export type CampaignCheck = Pick<CampaignCheckProblem, 'ok' | 'problems' | 'warnings' | 'estimated_duration_seconds' | 'recipients' | 'excluded'>;
export type CampaignListQuery = NonNullable<Paths['/campaigns']['get']['parameters']['query']>;
export type RecipientListQuery = NonNullable<Paths['/campaigns/{id}/recipients']['get']['parameters']['query']>;

export type CampaignStatus = Campaign['status'];
export type RecipientStatus = CampaignRecipient['status'];

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] as const satisfies readonly CampaignStatus[];
export const RECIPIENT_STATUSES = ['pending', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped'] as const satisfies readonly RecipientStatus[];
/** Why a chosen patient would not be messaged, in the order the server decides. */
export const EXCLUSION_REASONS = ['no_phone', 'opted_out', 'no_consent', 'urgent_conversation', 'already_in_campaign'] as const;
/** Why a recipient was skipped (the reasons of a campaign, then those of sending). */
export const CAMPAIGN_SKIP_REASONS = ['no_phone', 'opted_out', 'no_consent', 'urgent_conversation', 'missing_variable', 'patient_inactive', 'campaign_cancelled'] as const;
/** Channels a campaign may name, in the usual order. */
export const CAMPAIGN_CHANNELS = ['whatsapp', 'kakao', 'sms', 'log'] as const;
export const WAITING_REASONS = ['send_window', 'warmup'] as const satisfies readonly NonNullable<Campaign['waiting_reason']>[];
export const PROBLEM_CODES = [
  'empty_audience',
  'no_channel',
  'channel_not_configured',
  'kakao_template_missing',
  'template_missing',
  'no_body_for_language',
  'missing_variable',
  'not_executable',
  'warmup_limits',
] as const;
export const MAX_VARIANTS = 3;
export const DEFAULT_RATE = 600;
export const DEFAULT_THRESHOLD = 20;
