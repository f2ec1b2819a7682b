import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import { APPOINTMENT_STATUSES, type Appointment, type AppointmentListQuery } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { buttonClass, focusRing } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { controlClass, inputClass } from '../../components/Field';
import { Pagination } from '../../components/Pagination';
import { SelectFilter } from '../../components/SelectField';
import { AppointmentStatusChip } from '../../components/StatusChip';
import { EmptyState, ErrorBanner, ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { formatDueAt, zoneAbbreviation } from '../../lib/format';
import { pageNumber, useUrlFilters } from '../../lib/useUrlFilters';
import { fromZonedInput } from '../../lib/zoned';
import { PatientPicker } from '../patients/PatientPicker';
import { appointmentKeys, updateAppointment, useAppointments } from './api';

const PER_PAGE = 25;
const FILTERS = ['patient_id', 'status', 'from', 'page'] as const;
// Below sm the patient moves under the time, so that the status stays on a phone's screen.
const th = 'px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 sm:px-3';
const td = 'px-2 py-2 align-top text-sm text-slate-800 sm:px-3';

export function AppointmentsListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { user, tenant } = useMe();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const canWrite = user.role === 'admin' || user.role === 'volunteer';
  const [f, setFilters] = useUrlFilters(FILTERS);
  const page = pageNumber(f.page);
  const query: AppointmentListQuery = { page, per_page: PER_PAGE, sort: 'starts_at' };
  if (f.patient_id) query.patient_id = f.patient_id;
  if (f.status) query.status = f.status as AppointmentListQuery['status'];
  if (f.from) query.from = fromZonedInput(`${f.from}T00:00`, tenant.timezone || 'UTC') ?? undefined;
  const list = useAppointments(query);
  const rows = list.data?.data ?? [];
  const changeStatus = useMutation({
    mutationFn: ({ a, status }: { a: Appointment; status: string }) => updateAppointment(a.id, { status: status as Appointment['status'], version: a.version }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(appointmentKeys.one(updated.id), updated);
      await queryClient.invalidateQueries({ queryKey: ['appointments', 'list'] });
    },
  });
  const filtered = Boolean(f.patient_id || f.status || f.from);

  return (
    <>
      <PageHeader
        title={t('nav.appointments')}
        actions={
          canWrite && (
            <Link to={f.patient_id ? `/appointments/new?patient_id=${f.patient_id}` : '/appointments/new'} className={buttonClass('primary')}>
              <Plus aria-hidden="true" className="size-4" />
              {t('appointments.new')}
            </Link>
          )
        }
      />
      <Card>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <div className="sm:col-span-2">
            <PatientPicker id="appointment-filter-patient" label={t('appointments.fields.patient')} value={f.patient_id} onChange={(p) => setFilters({ patient_id: p?.id ?? '' })} />
          </div>
          <SelectFilter id="appointment-filter-status" label={t('appointments.fields.status')} value={f.status} onChange={(status) => setFilters({ status })}>
            <option value="">{t('common.all')}</option>
            {APPOINTMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`appointmentStatus.${s}`)}
              </option>
            ))}
          </SelectFilter>
          <div>
            <label htmlFor="appointment-filter-from" className="mb-1 block text-sm font-medium text-slate-700">
              {t('appointments.fromDate')}
            </label>
            <input id="appointment-filter-from" type="date" value={f.from} onChange={(e) => setFilters({ from: e.target.value })} className={inputClass} />
          </div>
        </div>
      </Card>
      {changeStatus.isError && (
        <div className="mt-3">
          <ErrorBanner message={errorMessage(changeStatus.error)} />
        </div>
      )}
      <Card className="mt-4 p-0!">
        {list.isPending && <LoadingState />}
        {list.isError && (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        )}
        {list.data && rows.length === 0 && <EmptyState title={filtered ? t('appointments.noMatches') : t('appointments.empty')} />}
        {rows.length > 0 && (
          <div aria-busy={list.isFetching}>
            <div className="relative overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200">
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className={th}>{t('appointments.fields.starts_at')}</th>
                    <th scope="col" className={`${th} hidden sm:table-cell`}>{t('appointments.fields.patient')}</th>
                    <th scope="col" className={th}>{t('appointments.fields.status')}</th>
                    <th scope="col" className={`${th} hidden md:table-cell`}>{t('appointments.fields.surgery_type')}</th>
                    <th scope="col" className={`${th} hidden lg:table-cell`}>{t('appointments.fields.doctor')}</th>
                    <th scope="col" className={`${th} hidden lg:table-cell`}>{t('appointments.fields.location')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 bg-white">
                  {rows.map((a) => {
                    const name = a.patient_name || a.patient_id;
                    const busy = changeStatus.isPending && changeStatus.variables?.a.id === a.id;
                    return (
                      <tr key={a.id}>
                        <td className={`${td} sm:whitespace-nowrap`}>
                          <Link to={`/appointments/${a.id}/edit`} className={`font-medium text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                            <time dateTime={a.starts_at}>{formatDueAt(a.starts_at, lang, a.timezone)}</time>
                          </Link>
                          <abbr title={a.timezone} className="ml-1 text-xs text-slate-500 no-underline">
                            {zoneAbbreviation(a.timezone, lang, new Date(a.starts_at))}
                          </abbr>
                          <div className="mt-1 sm:hidden">
                            <Link to={`/patients/${a.patient_id}`} className={`text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                              {name}
                            </Link>
                          </div>
                        </td>
                        <td className={`${td} hidden sm:table-cell`}>
                          <Link to={`/patients/${a.patient_id}`} className={`text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                            {name}
                          </Link>
                        </td>
                        <td className={td}>
                          {canWrite ? (
                            <>
                              <label htmlFor={`appointment-status-${a.id}`} className="sr-only">
                                {t('appointments.statusOf', { name })}
                              </label>
                              <select
                                id={`appointment-status-${a.id}`}
                                value={a.status}
                                disabled={busy}
                                onChange={(e) => changeStatus.mutate({ a, status: e.target.value })}
                                className={`${controlClass} py-1`}
                              >
                                {APPOINTMENT_STATUSES.map((s) => (
                                  <option key={s} value={s}>
                                    {t(`appointmentStatus.${s}`)}
                                  </option>
                                ))}
                              </select>
                            </>
                          ) : (
                            <AppointmentStatusChip status={a.status} />
                          )}
                        </td>
                        <td className={`${td} hidden md:table-cell`}>{a.surgery_type ?? '—'}</td>
                        <td className={`${td} hidden lg:table-cell`}>{a.doctor ?? '—'}</td>
                        <td className={`${td} hidden lg:table-cell`}>{a.location ?? '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? PER_PAGE} total={list.data?.total ?? 0} onPage={(p) => setFilters({ page: String(p) })} />
          </div>
        )}
      </Card>
    </>
  );
}
