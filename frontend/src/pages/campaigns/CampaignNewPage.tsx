import { useMemo, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/MeContext';
import { Card, PageHeader } from '../../components/Card';
import { ErrorState, LoadingState } from '../../components/States';
import { newIdempotencyKey } from '../../lib/idempotency';
import { campaignKeys, createCampaign, patchCampaign, useCampaign, useCampaignUpdated } from './api';
import { BackLink } from './Back';
import { CampaignForm } from './CampaignForm';
import { draftFromCampaign, newDraft, toInput, toPatch } from './formModel';

/** A new campaign, stored as a draft; its page opens once saved. */
export function CampaignNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { tenant } = useMe();
  const key = useRef(newIdempotencyKey());
  const initial = useMemo(newDraft, []);
  return (
    <>
      <BackLink />
      <PageHeader title={t('campaigns.newTitle')} />
      <CampaignForm
        initial={initial}
        onCancel={() => navigate('/campaigns')}
        onSave={async (draft) => {
          const body = toInput(draft, tenant.timezone);
          const created = await createCampaign(body, key.current.for(body));
          queryClient.setQueryData(campaignKeys.one(created.id), created);
          await queryClient.invalidateQueries({ queryKey: campaignKeys.lists });
          navigate(`/campaigns/${created.id}`, { replace: true });
        }}
      />
    </>
  );
}

/** Changes a draft or scheduled campaign; others can no longer be changed. */
export function CampaignEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { tenant } = useMe();
  const campaign = useCampaign(id, { poll: false });
  const updated = useCampaignUpdated();
  const c = campaign.data;
  const initial = useMemo(() => (c ? draftFromCampaign(c, tenant.timezone) : null), [c?.id, c?.version]);
  const back = <BackLink to={`/campaigns/${id}`} label={c?.name ?? t('campaigns.backToCampaign')} />;
  if (campaign.isPending) return <LoadingState />;
  if (campaign.isError || !c || !initial)
    return (
      <>
        {back}
        <ErrorState error={campaign.error} onRetry={() => void campaign.refetch()} />
      </>
    );
  const editable = c.status === 'draft' || c.status === 'scheduled';
  return (
    <>
      {back}
      <PageHeader title={t('campaigns.editTitle')} />
      {!editable ? (
        <Card>
          <p role="alert" className="text-sm text-slate-700">
            {t('campaigns.notEditable', { status: t(`campaigns.status.${c.status}`) })}
          </p>
        </Card>
      ) : (
        <CampaignForm
          key={c.version}
          initial={initial}
          campaignId={c.id}
          onCancel={() => navigate(`/campaigns/${c.id}`)}
          onSave={async (draft) => {
            const saved = await patchCampaign(c.id, toPatch(draft, tenant.timezone, c.version));
            updated(saved);
            navigate(`/campaigns/${c.id}`, { replace: true });
          }}
        />
      )}
    </>
  );
}
