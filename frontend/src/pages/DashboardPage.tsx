import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { Card, PageHeader } from '../components/Card';
import { ErrorState, LoadingState } from '../components/States';
import { formatNumber } from '../lib/format';

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const patients = useQuery({
    queryKey: ['patients', 'count'],
    queryFn: () => unwrap(api.GET('/patients', { params: { query: { per_page: 1 } } })),
  });

  return (
    <>
      <PageHeader title={t('nav.dashboard')} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Card title={t('dashboard.patients')}>
          {patients.isPending && <LoadingState />}
          {patients.isError && <ErrorState error={patients.error} onRetry={() => void patients.refetch()} />}
          {patients.data && (
            <>
              <p className="text-3xl font-semibold text-slate-900">{formatNumber(patients.data.total ?? 0, i18n.language)}</p>
              <Link to="/patients" className="mt-2 inline-block text-sm text-teal-800 underline">
                {t('dashboard.viewPatients')}
              </Link>
            </>
          )}
        </Card>
      </div>
      <Card className="mt-4">
        <p className="text-sm text-slate-700">{t('dashboard.chartsLater')}</p>
      </Card>
    </>
  );
}
