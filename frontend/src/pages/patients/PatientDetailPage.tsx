import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, MessagesSquare, Pencil, Trash2 } from 'lucide-react';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../auth/MeContext';
import { Button, buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { patientKeys, usePatient, useVolunteers } from './api';
import { PatientReminders } from '../reminders/PatientReminders';
import { PatientAdherence } from './PatientAdherence';
import { PatientDetails } from './PatientDetails';
import { PatientRightsActions } from './PatientRightsActions';
import { PatientTimeline } from './PatientTimeline';

export function PatientDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const { user, isAdmin } = useMe();
  const canWrite = user.role === 'admin' || user.role === 'volunteer';
  const patient = usePatient(id);
  const volunteers = useVolunteers(isAdmin);
  const [confirming, setConfirming] = useState(false);

  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/patients/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: patientKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: patientKeys.all });
      navigate('/patients', { replace: true });
    },
  });

  const back = (
    <Link to="/patients" className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {t('patients.backToList')}
    </Link>
  );

  if (patient.isPending) return <LoadingState />;
  if (patient.isError)
    return (
      <>
        {back}
        <ErrorState error={patient.error} onRetry={() => void patient.refetch()} />
      </>
    );

  const p = patient.data;
  const volunteerName = volunteers.data?.data?.find((u) => u.id === p.assigned_volunteer_id)?.name;
  return (
    <>
      {back}
      <PageHeader
        title={p.name ?? ''}
        actions={
          <>
            <Link to={`/conversations/${id}`} className={buttonClass('secondary')}>
              <MessagesSquare aria-hidden="true" className="size-4" />
              {t('conversations.openConversation')}
            </Link>
            {canWrite && (
              <>
                <Link to={`/patients/${id}/edit`} className={buttonClass('primary')}>
                  <Pencil aria-hidden="true" className="size-4" />
                  {t('common.edit')}
                </Link>
                {isAdmin && (
                  <Button variant="danger" onClick={() => setConfirming(true)}>
                    <Trash2 aria-hidden="true" className="size-4" />
                    {t('common.delete')}
                  </Button>
                )}
              </>
            )}
            {isAdmin && <PatientRightsActions patientId={id} patientName={p.name ?? ''} />}
          </>
        }
      />
      <div className="mb-4">
        <PatientAdherence patient={p} />
      </div>
      <PatientDetails patient={p} volunteerName={volunteerName} />
      <div className="mt-4">
        <PatientReminders patient={p} canWrite={canWrite} />
      </div>
      <div className="mt-4">
        <PatientTimeline patientId={id} timeZone={p.timezone} />
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('patients.deleteTitle')}
        confirmLabel={t('common.delete')}
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          setConfirming(false);
          remove.reset();
        }}
      >
        {t('patients.deleteText', { name: p.name })}
      </ConfirmDialog>
    </>
  );
}
