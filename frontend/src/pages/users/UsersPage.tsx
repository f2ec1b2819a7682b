import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { USER_STATUSES, type UserStatus } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { focusRing } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { Pagination } from '../../components/Pagination';
import { zoneAbbreviation, zoneLabel } from '../../lib/format';
import { EmptyState, ErrorBanner, ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { useUsers } from './api';
import { UserRow } from './UserRow';

const PER_PAGE = 50;
const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const { user: me, tenant } = useMe();
  // Times read in the clinic's zone, named on the page.
  const tz = tenant.timezone || undefined;
  const errorMessage = useErrorMessage();
  const [status, setStatus] = useState<UserStatus>('pending');
  const [page, setPage] = useState(1);
  const [actionError, setActionError] = useState('');
  const users = useUsers(status, page, PER_PAGE);
  const rows = users.data?.data ?? [];

  const choose = (s: UserStatus) => {
    setStatus(s);
    setPage(1);
    setActionError('');
  };

  return (
    <>
      <PageHeader title={t('nav.users')} />
      <div role="tablist" aria-label={t('users.statusTabs')} className="mb-4 flex gap-1 border-b border-slate-200">
        {USER_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            id={`users-tab-${s}`}
            aria-selected={status === s}
            aria-controls="users-panel"
            onClick={() => choose(s)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${focusRing} ${
              status === s ? 'border-teal-700 font-semibold text-teal-800' : 'border-transparent text-slate-600 hover:text-slate-900'
            }`}
          >
            {t(`users.status.${s}`)}
          </button>
        ))}
      </div>
      {actionError && (
        <div className="mb-3">
          <ErrorBanner message={actionError} />
        </div>
      )}
      <Card className="p-0!">
        <div role="tabpanel" id="users-panel" aria-labelledby={`users-tab-${status}`}>
          {users.isPending && <LoadingState />}
          {users.isError && (
            <div className="p-4">
              <ErrorState error={users.error} onRetry={() => void users.refetch()} />
            </div>
          )}
          {users.data && rows.length === 0 && <EmptyState title={t(`users.empty.${status}`)} />}
          {rows.length > 0 && (
            <>
              {tz && <p className="px-3 pt-3 text-xs text-slate-600">{t('schedule.inZone', { zone: zoneLabel(tz, i18n.language) })}</p>}
              <div className="overflow-x-auto">
                <table className="min-w-full divide-y divide-slate-200">
                  <thead className="bg-slate-50">
                    <tr>
                      <th scope="col" className={th}>{t('users.name')}</th>
                      <th scope="col" className={th}>{t('users.role')}</th>
                      <th scope="col" className={`${th} hidden sm:table-cell`}>{t('users.activeColumn')}</th>
                      <th scope="col" className={`${th} hidden md:table-cell`}>
                        {t('users.lastSeen')} {tz && <span className="font-normal normal-case">({zoneAbbreviation(tz, i18n.language) || tz})</span>}
                      </th>
                      <th scope="col" className={th}>{t('users.actions')}</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 bg-white">
                    {rows.map((u) => (
                      <UserRow key={u.id} user={u} isSelf={u.id === me.id} timeZone={tz} onError={(err) => setActionError(errorMessage(err))} />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination page={users.data?.page ?? page} perPage={users.data?.per_page ?? PER_PAGE} total={users.data?.total ?? 0} onPage={setPage} />
            </>
          )}
        </div>
      </Card>
    </>
  );
}
