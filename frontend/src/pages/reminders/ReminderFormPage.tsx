import { useMemo, useRef } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ArrowLeft } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/Card';
import { ErrorState, LoadingState } from '../../components/States';
import { newIdempotencyKey } from '../../lib/idempotency';
import { todayIn } from '../../lib/zoned';
import { createReminder, reminderKeys, updateReminder, useReminder } from './api';
import { emptyReminderValues, reminderCreatePayload, reminderPatchPayload, reminderValuesFrom } from './formModel';
import { ReminderForm } from './ReminderForm';

function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Link to={to} className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {label}
    </Link>
  );
}

export function ReminderNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { tenant } = useMe();
  const [params] = useSearchParams();
  const patientId = params.get('patient_id') ?? '';
  const defaults = useMemo(() => emptyReminderValues(todayIn(tenant.timezone), patientId), [tenant.timezone, patientId]);
  const key = useRef(newIdempotencyKey());
  const back = patientId ? `/patients/${patientId}` : '/reminders';
  return (
    <>
      <BackLink to={back} label={patientId ? t('patients.backToPatient') : t('reminders.backToList')} />
      <PageHeader title={t('reminders.newTitle')} />
      <ReminderForm
        defaultValues={defaults}
        submitLabel={t('reminders.create')}
        onCancel={() => navigate(back)}
        onSave={async (values) => {
          const body = reminderCreatePayload(values);
          const created = await createReminder(body, key.current.for(body));
          queryClient.setQueryData(reminderKeys.one(created.id), created);
          await queryClient.invalidateQueries({ queryKey: ['reminders', 'list'] });
          navigate(`/reminders/${created.id}`, { replace: true });
        }}
      />
    </>
  );
}

export function ReminderEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { tenant } = useMe();
  const reminder = useReminder(id);
  const back = <BackLink to={`/reminders/${id}`} label={t('reminders.backToReminder')} />;

  if (reminder.isPending) return <LoadingState />;
  if (reminder.isError)
    return (
      <>
        {back}
        <ErrorState error={reminder.error} onRetry={() => void reminder.refetch()} />
      </>
    );
  const r = reminder.data;
  return (
    <>
      {back}
      <PageHeader title={t('reminders.editTitle')} />
      <ReminderForm
        key={`${r.id}-${r.version}`}
        defaultValues={reminderValuesFrom(r, todayIn(tenant.timezone))}
        submitLabel={t('common.save')}
        patientLocked
        onCancel={() => navigate(`/reminders/${id}`)}
        onReload={async () => {
          await reminder.refetch();
        }}
        onSave={async (values) => {
          const updated = await updateReminder(id, reminderPatchPayload(values, r.version));
          queryClient.setQueryData(reminderKeys.one(id), updated);
          await queryClient.invalidateQueries({ queryKey: ['reminders', 'list'] });
          await queryClient.invalidateQueries({ queryKey: reminderKeys.occurrences(id) });
          navigate(`/reminders/${id}`);
        }}
      />
    </>
  );
}
