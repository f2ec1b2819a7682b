import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import type { ApiKey } from '../../api/types';
import { buttonClass } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { isForbidden, useCanManageIntegrations } from '../webhooks/access';
import { PER_PAGE, useApiKeys } from './api';
import { ApiKeyRow, th } from './ApiKeyRow';
import { ApiKeysNotAllowed } from './Common';
import { RevokeDialog } from './RevokeDialog';

export function ApiKeysListPage() {
  const { t } = useTranslation();
  const allowed = useCanManageIntegrations();
  const [page, setPage] = useState(1);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [revoked, setRevoked] = useState('');
  const list = useApiKeys(page, { enabled: allowed });
  const rows = list.data?.data ?? [];
  const refused = !allowed || isForbidden(list.error);
  return (
    <>
      <PageHeader
        title={t('nav.apiKeys')}
        actions={
          !refused && (
            <Link to="/api-keys/new" className={buttonClass('primary')}>
              <Plus aria-hidden="true" className="size-4" />
              {t('apiKeys.new')}
            </Link>
          )
        }
      >
        <p className="mt-1 max-w-2xl text-sm text-slate-600">{t('apiKeys.intro')}</p>
      </PageHeader>
      {refused ? (
        <ApiKeysNotAllowed />
      ) : (
        <Card className="p-0!">
          {revoked && (
            <p role="status" className="m-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
              {t('apiKeys.revoke.done', { name: revoked })}
            </p>
          )}
          {list.isPending && <LoadingState />}
          {list.isError && (
            <div className="p-4">
              <ErrorState error={list.error} onRetry={() => void list.refetch()} />
            </div>
          )}
          {list.data && rows.length === 0 && (
            <EmptyState title={t('apiKeys.empty')}>
              <p className="max-w-md">{t('apiKeys.emptyHint')}</p>
            </EmptyState>
          )}
          {rows.length > 0 && (
            <div aria-busy={list.isFetching}>
              <div className="overflow-x-auto">
                <table className="min-w-full divide-y divide-slate-200">
                  <thead className="bg-slate-50">
                    <tr>
                      <th scope="col" className={th}>{t('apiKeys.fields.name')}</th>
                      <th scope="col" className={`${th} hidden md:table-cell`}>{t('apiKeys.fields.scopes')}</th>
                      <th scope="col" className={th}>{t('apiKeys.fields.status')}</th>
                      <th scope="col" className={`${th} hidden md:table-cell`}>{t('apiKeys.fields.lastUsed')}</th>
                      <th scope="col" className={`${th} hidden lg:table-cell`}>{t('apiKeys.fields.created')}</th>
                      <th scope="col" className={`${th} hidden lg:table-cell`}>{t('apiKeys.fields.expires')}</th>
                      <th scope="col" className={th}>
                        <span className="sr-only">{t('apiKeys.fields.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 bg-white">
                    {rows.map((k) => (
                      <ApiKeyRow key={k.id} k={k} onRevoke={setRevoking} />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? PER_PAGE} total={list.data?.total ?? 0} onPage={setPage} />
            </div>
          )}
        </Card>
      )}
      <RevokeDialog
        apiKey={revoking}
        onClose={(done) => {
          if (done && revoking) setRevoked(revoking.name);
          setRevoking(null);
        }}
      />
    </>
  );
}
