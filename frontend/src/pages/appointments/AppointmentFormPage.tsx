import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Trash2 } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { Button, buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { newIdempotencyKey } from '../../lib/idempotency';
import { appointmentKeys, createAppointment, deleteAppointment, updateAppointment, useAppointment } from './api';
import { AppointmentForm, appointmentCreatePayload, appointmentPatchPayload, appointmentValuesFrom, emptyAppointmentValues } from './AppointmentForm';

function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Link to={to} className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {label}
    </Link>
  );
}

export function AppointmentNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const patientId = params.get('patient_id') ?? '';
  const defaults = useMemo(() => emptyAppointmentValues(patientId), [patientId]);
  const key = useRef(newIdempotencyKey());
  return (
    <>
      <BackLink to="/appointments" label={t('appointments.backToList')} />
      <PageHeader title={t('appointments.newTitle')} />
      <AppointmentForm
        defaultValues={defaults}
        submitLabel={t('appointments.create')}
        onCancel={() => navigate(-1)}
        onSave={async (v) => {
          const body = appointmentCreatePayload(v);
          await createAppointment(body, key.current.for(body));
          await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
          navigate(patientId ? `/reminders/new?patient_id=${patientId}` : '/appointments', { replace: true });
        }}
      />
    </>
  );
}

export function AppointmentEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const { user } = useMe();
  const canWrite = user.role === 'admin' || user.role === 'volunteer';
  const appointment = useAppointment(id);
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => deleteAppointment(id),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: appointmentKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
      navigate('/appointments', { replace: true });
    },
  });
  const back = <BackLink to="/appointments" label={t('appointments.backToList')} />;

  if (appointment.isPending) return <LoadingState />;
  if (appointment.isError)
    return (
      <>
        {back}
        <ErrorState error={appointment.error} onRetry={() => void appointment.refetch()} />
      </>
    );
  const a = appointment.data;
  return (
    <>
      {back}
      <PageHeader
        title={t('appointments.editTitle')}
        actions={
          canWrite && (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              <Trash2 aria-hidden="true" className="size-4" />
              {t('common.delete')}
            </Button>
          )
        }
      />
      <AppointmentForm
        key={`${a.id}-${a.version}`}
        defaultValues={appointmentValuesFrom(a)}
        submitLabel={t('common.save')}
        patientLocked
        onCancel={() => navigate('/appointments')}
        onReload={async () => {
          await appointment.refetch();
        }}
        onSave={async (v) => {
          const updated = await updateAppointment(id, appointmentPatchPayload(v, a.version));
          queryClient.setQueryData(appointmentKeys.one(id), updated);
          await queryClient.invalidateQueries({ queryKey: ['appointments', 'list'] });
          navigate('/appointments');
        }}
      />
      <ConfirmDialog
        open={confirming}
        title={t('appointments.deleteTitle')}
        confirmLabel={t('common.delete')}
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          setConfirming(false);
          remove.reset();
        }}
      >
        {t('appointments.deleteText')}
      </ConfirmDialog>
    </>
  );
}
