import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiError, toApiError } from '../../api/problem';
import type {
  Campaign,
  CampaignAudience,
  CampaignCheck,
  CampaignInput,
  CampaignListQuery,
  CampaignPatch,
  CampaignStatus,
  RecipientListQuery,
} from './types';

export const campaignKeys = {
  all: ['campaigns'] as const,
  lists: ['campaigns', 'list'] as const,
  list: (q: CampaignListQuery) => ['campaigns', 'list', q] as const,
  one: (id: string) => ['campaigns', 'one', id] as const,
  recipients: (id: string) => ['campaigns', 'recipients', id] as const,
  recipientsPage: (id: string, q: RecipientListQuery) => ['campaigns', 'recipients', id, q] as const,
  preview: (audience: CampaignAudience, campaignId: string) => ['campaigns', 'preview', campaignId, audience] as const,
};

export const PER_PAGE = 25;
export const RECIPIENTS_PER_PAGE = 25;
/** A sending campaign is looked at again this often. */
export const RUNNING_POLL_MS = 2_000;
/** A scheduled or paused one less often: it changes when its time comes or someone acts. */
export const IDLE_POLL_MS = 10_000;
const LIST_POLL_MS = 5_000;

/** How often a campaign in this status is read again (false: it no longer changes by itself). */
export function pollInterval(status: CampaignStatus | undefined): number | false {
  if (status === 'running') return RUNNING_POLL_MS;
  if (status === 'scheduled' || status === 'paused') return IDLE_POLL_MS;
  return false;
}

export function useCampaigns(q: CampaignListQuery) {
  return useQuery({
    queryKey: campaignKeys.list(q),
    queryFn: () => unwrap(api.GET('/campaigns', { params: { query: q } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.data.some((c) => c.status === 'running') ? LIST_POLL_MS : false),
  });
}

export function useCampaign(id: string, { poll = true }: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: campaignKeys.one(id),
    enabled: Boolean(id),
    queryFn: () => unwrap(api.GET('/campaigns/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (poll ? pollInterval(query.state.data?.status) : false),
    staleTime: poll ? 0 : undefined,
  });
}

export function useRecipients(id: string, q: RecipientListQuery, live: boolean) {
  return useQuery({
    queryKey: campaignKeys.recipientsPage(id, q),
    enabled: Boolean(id),
    queryFn: () => unwrap(api.GET('/campaigns/{id}/recipients', { params: { path: { id }, query: q } })),
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIST_POLL_MS : false,
  });
}

/** Who an audience chooses now; `enabled` false while the audience cannot be asked about yet. */
export function useAudiencePreview(audience: CampaignAudience, campaignId: string, enabled: boolean) {
  return useQuery({
    queryKey: campaignKeys.preview(audience, campaignId),
    enabled,
    queryFn: () => unwrap(api.POST('/campaigns/preview-audience', { body: { audience, campaign_id: campaignId || undefined } })),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

/** The templates a campaign may use (the first 100 by name). */
export function useTemplateChoices() {
  return useQuery({
    queryKey: ['templates', 'list', { per_page: 100, sort: 'name' }] as const,
    queryFn: () => unwrap(api.GET('/templates', { params: { query: { per_page: 100, sort: 'name' } } })),
    staleTime: 60_000,
  });
}

export const createCampaign = (body: CampaignInput, key: string) =>
  unwrap(api.POST('/campaigns', { body, headers: { 'Idempotency-Key': key } }));

export const patchCampaign = (id: string, body: CampaignPatch) => unwrap(api.PATCH('/campaigns/{id}', { params: { path: { id } }, body }));

export const deleteCampaign = (id: string) => unwrap(api.DELETE('/campaigns/{id}', { params: { path: { id } } }));

/** The pre-flight check without sending anything. */
export const checkCampaign = async (id: string): Promise<CampaignCheck> => {
  const { campaign: _none, ...check } = await unwrap(api.POST('/campaigns/{id}/execute', { params: { path: { id }, query: { dry_run: true } } }));
  return check;
};

/** A refused execute (422): the problem, and the pre-flight findings it carries. */
export class CampaignCheckError extends ApiError {
  readonly check: CampaignCheck;

  constructor(base: ApiError, check: CampaignCheck) {
    super(base.status, base.message, base.code, base.fieldProblems, base.requestId);
    this.name = 'CampaignCheckError';
    this.check = check;
  }
}

function checkOf(body: unknown): CampaignCheck | null {
  if (typeof body !== 'object' || body === null || !('problems' in body)) return null;
  const b = body as Partial<CampaignCheck>;
  return {
    ok: Boolean(b.ok),
    problems: b.problems ?? [],
    warnings: b.warnings ?? [],
    estimated_duration_seconds: b.estimated_duration_seconds ?? 0,
    recipients: b.recipients ?? 0,
    excluded: b.excluded ?? 0,
  };
}

/** Starts (or schedules) a campaign; a failed check throws a CampaignCheckError. */
export async function executeCampaign(id: string): Promise<Campaign> {
  const result = await api.POST('/campaigns/{id}/execute', { params: { path: { id } } }).catch((err: unknown) => {
    throw new ApiError(0, err instanceof Error ? err.message : String(err), 'network');
  });
  if (result.response.ok && result.data?.campaign) return result.data.campaign;
  const base = toApiError(result.response.status, result.error);
  const check = result.response.status === 422 ? checkOf(result.error) : null;
  throw check ? new CampaignCheckError(base, check) : base;
}

export type CampaignAction = 'pause' | 'resume' | 'cancel';

const ACTIONS = {
  pause: (id: string) => unwrap(api.POST('/campaigns/{id}/pause', { params: { path: { id } } })),
  resume: (id: string) => unwrap(api.POST('/campaigns/{id}/resume', { params: { path: { id } } })),
  cancel: (id: string) => unwrap(api.POST('/campaigns/{id}/cancel', { params: { path: { id } } })),
} satisfies Record<CampaignAction, (id: string) => Promise<Campaign>>;

/** Keeps the caches in step after a campaign changed: its page, the lists, its recipients. */
export function useCampaignUpdated() {
  const queryClient = useQueryClient();
  return (updated: Campaign) => {
    queryClient.setQueryData(campaignKeys.one(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: campaignKeys.lists });
    void queryClient.invalidateQueries({ queryKey: campaignKeys.recipients(updated.id) });
  };
}

/** Pause, resume or cancel, then update the caches. */
export function useCampaignAction(id: string) {
  const updated = useCampaignUpdated();
  return useMutation({
    mutationFn: (action: CampaignAction) => ACTIONS[action](id),
    onSuccess: updated,
  });
}

export function useExecute(id: string) {
  const updated = useCampaignUpdated();
  return useMutation({ mutationFn: () => executeCampaign(id), onSuccess: updated });
}

export function useCheck(id: string) {
  return useMutation({ mutationFn: () => checkCampaign(id) });
}

export function useDeleteCampaign(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteCampaign(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.lists }),
  });
}
