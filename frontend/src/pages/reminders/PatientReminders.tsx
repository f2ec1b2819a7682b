import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import type { Patient } from '../../api/types';
import { buttonClass } from '../../components/Button';
import { Card } from '../../components/Card';
import { EmptyState, ErrorBanner, ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { useReminders } from './api';
import { ReminderTable } from './ReminderTable';
import { usePauseResume } from './usePauseResume';

/** A patient's reminders, with a shortcut to add one. */
export function PatientReminders({ patient, canWrite }: { patient: Patient; canWrite: boolean }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const list = useReminders({ patient_id: patient.id, per_page: 100 });
  const toggle = usePauseResume();
  const rows = list.data?.data ?? [];
  return (
    <Card
      title={t('nav.reminders')}
      actions={
        canWrite && (
          <Link to={`/reminders/new?patient_id=${patient.id}`} className={buttonClass('secondary', 'py-1')}>
            <Plus aria-hidden="true" className="size-4" />
            {t('reminders.new')}
          </Link>
        )
      }
    >
      {toggle.isError && <ErrorBanner message={errorMessage(toggle.error)} />}
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && rows.length === 0 && <EmptyState title={t('reminders.noneForPatient')} />}
      {rows.length > 0 && (
        <div className="-mx-4 -mb-4">
          <ReminderTable
            reminders={rows}
            hidePatient
            canWrite={canWrite}
            busyId={toggle.isPending ? toggle.variables?.id : undefined}
            onToggle={(r) => toggle.mutate(r)}
          />
        </div>
      )}
    </Card>
  );
}
