import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { AuditQuery } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { Card, PageHeader } from '../../components/Card';
import { inputClass } from '../../components/Field';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime, zoneAbbreviation, zoneLabel } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';

const PER_PAGE = 50;
const RESOURCE_TYPES = ['patient', 'user', 'tenant', 'api_key', 'reminder', 'template', 'workflow', 'campaign', 'webhook', 'settings'];
const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-top text-sm text-slate-800';

export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // Times read in the clinic's zone, named on the page.
  const tz = useMe().tenant.timezone || undefined;
  const [action, setAction] = useState('');
  const [resourceType, setResourceType] = useState('');
  const [page, setPage] = useState(1);
  const debouncedAction = useDebounced(action.trim(), 300);

  const query: AuditQuery = { page, per_page: PER_PAGE };
  if (debouncedAction) query.action = debouncedAction;
  if (resourceType) query.resource_type = resourceType;
  const events = useQuery({
    queryKey: ['audit', query],
    queryFn: () => unwrap(api.GET('/audit-events', { params: { query } })),
    placeholderData: (prev) => prev,
  });
  const rows = events.data?.data ?? [];

  return (
    <>
      <PageHeader title={t('nav.auditLog')} />
      <Card>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <label htmlFor="audit-action" className="mb-1 block text-sm font-medium text-slate-700">{t('audit.action')}</label>
            <input
              id="audit-action"
              value={action}
              placeholder={t('audit.actionPlaceholder')}
              onChange={(e) => {
                setAction(e.target.value);
                setPage(1);
              }}
              className={inputClass}
            />
          </div>
          <div>
            <label htmlFor="audit-resource" className="mb-1 block text-sm font-medium text-slate-700">{t('audit.resourceType')}</label>
            <select
              id="audit-resource"
              value={resourceType}
              onChange={(e) => {
                setResourceType(e.target.value);
                setPage(1);
              }}
              className={inputClass}
            >
              <option value="">{t('common.all')}</option>
              {RESOURCE_TYPES.map((r) => (
                <option key={r} value={r}>{r}</option>
              ))}
            </select>
          </div>
        </div>
      </Card>
      <Card className="mt-4 p-0!">
        {events.isPending && <LoadingState />}
        {events.isError && (
          <div className="p-4">
            <ErrorState error={events.error} onRetry={() => void events.refetch()} />
          </div>
        )}
        {events.data && rows.length === 0 && <EmptyState title={t('audit.empty')} />}
        {rows.length > 0 && (
          <>
            {tz && <p className="px-3 pt-3 text-xs text-slate-600">{t('schedule.inZone', { zone: zoneLabel(tz, lang) })}</p>}
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200">
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className={th}>
                      {t('audit.time')} {tz && <span className="font-normal normal-case">({zoneAbbreviation(tz, lang) || tz})</span>}
                    </th>
                    <th scope="col" className={th}>{t('audit.actor')}</th>
                    <th scope="col" className={th}>{t('audit.action')}</th>
                    <th scope="col" className={th}>{t('audit.resource')}</th>
                    <th scope="col" className={`${th} hidden md:table-cell`}>{t('audit.changes')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 bg-white">
                  {rows.map((e) => (
                    <tr key={e.id}>
                      <td className={`${td} whitespace-nowrap`}>{formatDateTime(e.created_at, lang, tz)}</td>
                      <td className={td}>{e.actor_name || e.actor_id || t('audit.system')}</td>
                      <td className={`${td} font-mono text-xs`}>{e.action}</td>
                      <td className={td}>
                        <p>{e.resource_type}</p>
                        <p className="break-all font-mono text-xs text-slate-500">{e.resource_id}</p>
                      </td>
                      <td className={`${td} hidden md:table-cell`}>{(e.changes ?? []).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={events.data?.page ?? page} perPage={events.data?.per_page ?? PER_PAGE} total={events.data?.total ?? 0} onPage={setPage} />
          </>
        )}
      </Card>
    </>
  );
}
