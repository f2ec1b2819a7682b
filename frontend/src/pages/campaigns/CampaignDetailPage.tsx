import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, PageHeader } from '../../components/Card';
import { ErrorBanner, ErrorState, LoadingState } from '../../components/States';
import { useCampaign } from './api';
import { BackLink } from './Back';
import { CampaignActions, type ActionReport } from './CampaignActions';
import { CampaignFacts } from './CampaignFacts';
import { CampaignStatusChip } from './Chips';
import { PreflightResult } from './Preflight';
import { CampaignProgress, CounterList } from './Progress';
import { RecipientsList } from './RecipientsList';
import { StatusBanner } from './StatusBanner';
import { VariantResults } from './VariantResults';

/** One campaign: its status and actions, live progress while it sends, variant results and recipients. */
export function CampaignDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const campaign = useCampaign(id);
  const [report, setReport] = useState<ActionReport | null>(null);
  const c = campaign.data;
  if (campaign.isPending) return <LoadingState />;
  if (campaign.isError || !c)
    return (
      <>
        <BackLink />
        <ErrorState error={campaign.error} onRetry={() => void campaign.refetch()} />
      </>
    );
  const results = c.variant_results ?? [];
  const sending = c.status !== 'draft' && c.status !== 'scheduled';
  return (
    <>
      <BackLink />
      <PageHeader title={c.name} actions={<CampaignActions c={c} onReport={setReport} />}>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <CampaignStatusChip status={c.status} />
        </div>
      </PageHeader>
      <div className="flex flex-col gap-4">
        {campaign.isRefetchError && <ErrorBanner message={t('campaigns.refreshFailed')} />}
        {report?.error && <ErrorBanner message={report.error} />}
        {report?.check && <PreflightResult check={report.check} refused={report.refused} />}
        <StatusBanner c={c} />
        <Card title={t('campaigns.sections.progress')}>
          {sending || c.counters.total > 0 ? (
            <>
              <CampaignProgress counters={c.counters} label={t('campaigns.progress.label')} />
              <CounterList counters={c.counters} />
            </>
          ) : (
            <p className="text-sm text-slate-600">{t('campaigns.progress.notStarted')}</p>
          )}
        </Card>
        <Card title={t('campaigns.sections.details')}>
          <CampaignFacts c={c} />
        </Card>
        {results.length > 0 && (
          <Card title={t('campaigns.variants.title')} className="p-0! [&>div:first-child]:px-4 [&>div:first-child]:pt-4">
            <VariantResults results={results} variants={c.variants ?? []} />
          </Card>
        )}
        <Card title={t('campaigns.sections.recipients')} className="p-0! [&>div:first-child]:px-4 [&>div:first-child]:pt-4 [&>div:first-child]:mb-0">
          <RecipientsList c={c} />
        </Card>
      </div>
    </>
  );
}
