import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Download, Plus, Upload } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { Button, buttonClass } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorBanner, ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { fileNameFrom, saveBlob } from '../../lib/download';
import { exportPatients, usePatients } from './api';
import { PatientFiltersBar } from './PatientFiltersBar';
import { PatientTable } from './PatientTable';
import { usePatientFilters } from './useFilters';

function ExportButton({ onError }: { onError: (message: string) => void }) {
  const { t } = useTranslation();
  const [filters] = usePatientFilters();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    onError('');
    try {
      const { blob, disposition } = await exportPatients(filters);
      saveBlob(blob, fileNameFrom(disposition, 'patients.csv'));
    } catch (err) {
      onError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button onClick={run} disabled={busy}>
      <Download aria-hidden="true" className="size-4" />
      {busy ? t('patients.exporting') : t('patients.export')}
    </Button>
  );
}

export function PatientsListPage() {
  const { t } = useTranslation();
  const { user } = useMe();
  const canWrite = user.role === 'admin' || user.role === 'volunteer';
  const [filters, setFilters] = usePatientFilters();
  const list = usePatients(filters);
  const [exportError, setExportError] = useState('');
  const rows = list.data?.data ?? [];
  const filtered = Boolean(filters.search || filters.tag || filters.consent || filters.isActive || filters.volunteer);

  return (
    <>
      <PageHeader
        title={t('nav.patients')}
        actions={
          <>
            {canWrite && (
              <Link to="/patients/new" className={buttonClass('primary')}>
                <Plus aria-hidden="true" className="size-4" />
                {t('patients.new')}
              </Link>
            )}
            {canWrite && (
              <Link to="/patients/import" className={buttonClass('secondary')}>
                <Upload aria-hidden="true" className="size-4" />
                {t('patients.import')}
              </Link>
            )}
            <ExportButton onError={setExportError} />
          </>
        }
      />
      {exportError && (
        <div className="mb-3">
          <ErrorBanner message={exportError} />
        </div>
      )}
      <Card>
        <PatientFiltersBar filters={filters} onChange={setFilters} />
      </Card>
      <Card className="mt-4 p-0!">
        {list.isPending && <LoadingState />}
        {list.isError && (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        )}
        {list.data && rows.length === 0 && (
          <EmptyState title={filtered ? t('patients.noMatches') : t('patients.empty')}>
            {!filtered && canWrite && <p>{t('patients.emptyHint')}</p>}
          </EmptyState>
        )}
        {rows.length > 0 && (
          <div aria-busy={list.isFetching}>
            <PatientTable patients={rows} />
            <Pagination
              page={list.data?.page ?? filters.page}
              perPage={list.data?.per_page ?? filters.perPage}
              total={list.data?.total ?? 0}
              onPage={(page) => setFilters({ page })}
            />
          </div>
        )}
      </Card>
    </>
  );
}
