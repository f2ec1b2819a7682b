import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import { REMINDER_TYPES, type ReminderListQuery } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { buttonClass } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { Pagination } from '../../components/Pagination';
import { SelectFilter } from '../../components/SelectField';
import { EmptyState, ErrorBanner, ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { pageNumber, useUrlFilters } from '../../lib/useUrlFilters';
import { PatientPicker } from '../patients/PatientPicker';
import { useReminders } from './api';
import { ReminderTable } from './ReminderTable';
import { usePauseResume } from './usePauseResume';

const PER_PAGE = 25;
const FILTERS = ['patient_id', 'type', 'active', 'page'] as const;

export function RemindersListPage() {
  const { t } = useTranslation();
  const { user } = useMe();
  const errorMessage = useErrorMessage();
  const canWrite = user.role === 'admin' || user.role === 'volunteer';
  const [f, setFilters] = useUrlFilters(FILTERS);
  const page = pageNumber(f.page);
  const query: ReminderListQuery = { page, per_page: PER_PAGE };
  if (f.patient_id) query.patient_id = f.patient_id;
  if (f.type) query.type = f.type as ReminderListQuery['type'];
  if (f.active) query.is_active = f.active === 'true';
  const list = useReminders(query);
  const rows = list.data?.data ?? [];
  const toggle = usePauseResume();
  const filtered = Boolean(f.patient_id || f.type || f.active);

  return (
    <>
      <PageHeader
        title={t('nav.reminders')}
        actions={
          canWrite && (
            <Link to={f.patient_id ? `/reminders/new?patient_id=${f.patient_id}` : '/reminders/new'} className={buttonClass('primary')}>
              <Plus aria-hidden="true" className="size-4" />
              {t('reminders.new')}
            </Link>
          )
        }
      />
      <Card>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <div className="sm:col-span-2">
            <PatientPicker id="reminder-filter-patient" label={t('reminders.fields.patient')} value={f.patient_id} onChange={(p) => setFilters({ patient_id: p?.id ?? '' })} />
          </div>
          <SelectFilter id="reminder-filter-type" label={t('reminders.fields.type')} value={f.type} onChange={(type) => setFilters({ type })}>
            <option value="">{t('common.all')}</option>
            {REMINDER_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`reminders.types.${ty}`)}
              </option>
            ))}
          </SelectFilter>
          <SelectFilter id="reminder-filter-active" label={t('reminders.fields.status')} value={f.active} onChange={(active) => setFilters({ active })}>
            <option value="">{t('common.all')}</option>
            <option value="true">{t('reminders.active')}</option>
            <option value="false">{t('reminders.paused')}</option>
          </SelectFilter>
        </div>
      </Card>
      {toggle.isError && (
        <div className="mt-3">
          <ErrorBanner message={errorMessage(toggle.error)} />
        </div>
      )}
      <Card className="mt-4 p-0!">
        {list.isPending && <LoadingState />}
        {list.isError && (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        )}
        {list.data && rows.length === 0 && (
          <EmptyState title={filtered ? t('reminders.noMatches') : t('reminders.empty')}>{!filtered && canWrite && <p>{t('reminders.emptyHint')}</p>}</EmptyState>
        )}
        {rows.length > 0 && (
          <div aria-busy={list.isFetching}>
            <ReminderTable
              reminders={rows}
              canWrite={canWrite}
              busyId={toggle.isPending ? toggle.variables?.id : undefined}
              onToggle={(r) => toggle.mutate(r)}
            />
            <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? PER_PAGE} total={list.data?.total ?? 0} onPage={(p) => setFilters({ page: String(p) })} />
          </div>
        )}
      </Card>
    </>
  );
}
