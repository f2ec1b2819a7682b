import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { buttonClass, focusRing } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { inputClass } from '../../components/Field';
import { Pagination } from '../../components/Pagination';
import { SelectFilter } from '../../components/SelectField';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDate } from '../../lib/format';
import { useDebouncedInput } from '../../lib/useDebouncedInput';
import { pageNumber, useUrlFilters } from '../../lib/useUrlFilters';
import { PER_PAGE, useCampaigns } from './api';
import { CampaignStatusChip } from './Chips';
import { CampaignProgress } from './Progress';
import { CAMPAIGN_STATUSES, type Campaign, type CampaignListQuery, type CampaignStatus } from './types';

const FILTERS = ['status', 'search', 'page'] as const;
const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-middle text-sm text-slate-800';

function NameLink({ c }: { c: Campaign }) {
  return (
    <Link to={`/campaigns/${c.id}`} className={`font-medium break-words text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
      {c.name}
    </Link>
  );
}

export function CampaignsListPage() {
  const { t, i18n } = useTranslation();
  const { isAdmin } = useMe();
  const [f, setFilters] = useUrlFilters(FILTERS);
  const [search, setSearch] = useDebouncedInput(f.search, (v) => setFilters({ search: v }), 300);
  const page = pageNumber(f.page);
  const query: CampaignListQuery = { page, per_page: PER_PAGE };
  if (f.status) query.status = f.status as CampaignStatus;
  if (f.search.trim()) query.search = f.search.trim();
  const list = useCampaigns(query);
  const rows = list.data?.data ?? [];
  const filtered = Boolean(f.status || f.search);
  const created = (c: Campaign) => <time dateTime={c.created_at}>{formatDate(c.created_at, i18n.language)}</time>;
  const progress = (c: Campaign) => <CampaignProgress compact counters={c.counters} label={t('campaigns.progress.labelFor', { name: c.name })} />;

  return (
    <>
      <PageHeader
        title={t('nav.campaigns')}
        actions={
          isAdmin && (
            <Link to="/campaigns/new" className={buttonClass('primary')}>
              <Plus aria-hidden="true" className="size-4" />
              {t('campaigns.new')}
            </Link>
          )
        }
      >
        <p className="mt-1 max-w-2xl text-sm text-slate-600">{t('campaigns.intro')}</p>
      </PageHeader>
      <Card>
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectFilter id="campaign-filter-status" label={t('campaigns.fields.status')} value={f.status} onChange={(status) => setFilters({ status })}>
            <option value="">{t('common.all')}</option>
            {CAMPAIGN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`campaigns.status.${s}`)}
              </option>
            ))}
          </SelectFilter>
          <div>
            <label htmlFor="campaign-filter-search" className="mb-1 block text-sm font-medium text-slate-700">
              {t('campaigns.search')}
            </label>
            <input id="campaign-filter-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} className={inputClass} />
          </div>
        </div>
      </Card>
      <Card className="mt-4 p-0!">
        {list.isPending && <LoadingState />}
        {list.isError && (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        )}
        {list.data && rows.length === 0 && (
          <EmptyState title={filtered ? t('campaigns.noMatches') : t('campaigns.empty')}>
            {!filtered && <p className="max-w-md">{isAdmin ? t('campaigns.emptyHintAdmin') : t('campaigns.emptyHint')}</p>}
          </EmptyState>
        )}
        {rows.length > 0 && (
          <div aria-busy={list.isFetching}>
            {/* Phones: one card per campaign. */}
            <ul className="divide-y divide-slate-100 sm:hidden" data-testid="campaign-cards">
              {rows.map((c) => (
                <li key={c.id} className="flex flex-col gap-1.5 p-3">
                  <div className="flex items-start justify-between gap-2">
                    <NameLink c={c} />
                    <CampaignStatusChip status={c.status} />
                  </div>
                  {progress(c)}
                  <p className="text-xs text-slate-500">{t('campaigns.createdOn', { date: formatDate(c.created_at, i18n.language) })}</p>
                </li>
              ))}
            </ul>
            <table className="hidden min-w-full divide-y divide-slate-200 sm:table">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>{t('campaigns.fields.name')}</th>
                  <th scope="col" className={th}>{t('campaigns.fields.status')}</th>
                  <th scope="col" className={th}>{t('campaigns.fields.progress')}</th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>{t('campaigns.fields.created')}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {rows.map((c) => (
                  <tr key={c.id} data-testid="campaign-row">
                    <td className={td}>
                      <NameLink c={c} />
                    </td>
                    <td className={td}>
                      <CampaignStatusChip status={c.status} />
                    </td>
                    <td className={`${td} w-1/3`}>{progress(c)}</td>
                    <td className={`${td} hidden whitespace-nowrap md:table-cell`}>{created(c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? PER_PAGE} total={list.data?.total ?? 0} onPage={(p) => setFilters({ page: String(p) })} />
          </div>
        )}
      </Card>
    </>
  );
}
