import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Pause, Pencil, Play, Send, Trash2 } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { Button, buttonClass, focusRing } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ActiveChip } from '../../components/StatusChip';
import { ErrorBanner, ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { formatDueAt, formatNumber, zoneAbbreviation } from '../../lib/format';
import { randomKey } from '../../lib/idempotency';
import { useTemplate } from '../templates/api';
import { deleteReminder, reminderKeys, sendRemindersNow, useReminder } from './api';
import { OccurrenceList } from './OccurrenceList';
import { SendNowBanner } from './SendNowBanner';
import { describeSchedule } from './scheduleModel';
import { usePauseResume } from './usePauseResume';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm text-slate-900">{children || <span className="text-slate-400">—</span>}</dd>
    </div>
  );
}

export function ReminderDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const { user, isAdmin } = useMe();
  const canWrite = user.role === 'admin' || user.role === 'volunteer';
  const reminder = useReminder(id);
  const r = reminder.data;
  const template = useTemplate(r?.template_id ?? '', { enabled: Boolean(r?.template_id) });
  const toggle = usePauseResume();
  const [confirming, setConfirming] = useState(false);
  const [confirmingSend, setConfirmingSend] = useState(false);
  const sendNow = useMutation({
    // One key per confirmed send: a new send is a new request.
    mutationFn: () => sendRemindersNow([id], randomKey()),
    onSuccess: async () => {
      setConfirmingSend(false);
      await queryClient.invalidateQueries({ queryKey: reminderKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: reminderKeys.occurrences(id) });
      await queryClient.invalidateQueries({ queryKey: ['messages'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteReminder(id),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: reminderKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: ['reminders', 'list'] });
      navigate('/reminders', { replace: true });
    },
  });

  const back = (
    <Link to="/reminders" className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {t('reminders.backToList')}
    </Link>
  );
  if (reminder.isPending) return <LoadingState />;
  if (reminder.isError || !r)
    return (
      <>
        {back}
        <ErrorState error={reminder.error} onRetry={() => void reminder.refetch()} />
      </>
    );

  const tz = r.patient_timezone || undefined;
  const patientName = r.patient_name;
  const typeLabel = t(`reminders.types.${r.type}`, { defaultValue: r.type });
  const minutes = (m: number | null) => (m == null ? '' : t('reminders.minutesValue', { n: formatNumber(m, lang) }));

  return (
    <>
      {back}
      <PageHeader
        title={patientName ? t('reminders.detailTitle', { type: typeLabel, name: patientName }) : typeLabel}
        actions={
          canWrite && (
            <>
              <Link to={`/reminders/${id}/edit`} className={buttonClass('primary')}>
                <Pencil aria-hidden="true" className="size-4" />
                {t('common.edit')}
              </Link>
              {r.is_active && r.next_due_at && (
                <Button
                  onClick={() => {
                    sendNow.reset();
                    setConfirmingSend(true);
                  }}
                  disabled={sendNow.isPending}
                >
                  <Send aria-hidden="true" className="size-4" />
                  {sendNow.isPending ? t('reminders.sending') : t('reminders.sendNow')}
                </Button>
              )}
              <Button onClick={() => toggle.mutate(r)} disabled={toggle.isPending}>
                {r.is_active ? <Pause aria-hidden="true" className="size-4" /> : <Play aria-hidden="true" className="size-4" />}
                {r.is_active ? t('reminders.pause') : t('reminders.resume')}
              </Button>
              {(isAdmin || user.role === 'volunteer') && (
                <Button variant="danger" onClick={() => setConfirming(true)}>
                  <Trash2 aria-hidden="true" className="size-4" />
                  {t('common.delete')}
                </Button>
              )}
            </>
          )
        }
      >
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <ActiveChip active={r.is_active} />
          <span>{describeSchedule(r.schedule, t, lang)}</span>
        </p>
      </PageHeader>
      {toggle.isError && (
        <div className="mb-3">
          <ErrorBanner message={errorMessage(toggle.error)} />
        </div>
      )}
      {sendNow.isSuccess && <SendNowBanner result={sendNow.data} fallbackName={patientName} />}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t('reminders.sections.details')}>
          <dl className="grid gap-3 sm:grid-cols-2">
            <Item label={t('reminders.fields.patient')}>
              <Link to={`/patients/${r.patient_id}`} className={`text-teal-800 underline ${focusRing}`}>
                {patientName || r.patient_id}
              </Link>
            </Item>
            <Item label={t('reminders.fields.next_due_at')}>
              {r.next_due_at && r.is_active && (
                <>
                  {formatDueAt(r.next_due_at, lang, tz)} <span className="text-xs text-slate-500">{zoneAbbreviation(tz, lang, new Date(r.next_due_at))}</span>
                </>
              )}
            </Item>
            {r.type === 'medication' && <Item label={t('reminders.fields.medication')}>{[r.medication, r.dose].filter(Boolean).join(' · ')}</Item>}
            {r.type === 'appointment' && (
              <Item label={t('reminders.fields.appointment')}>
                {r.appointment_id && (
                  <Link to={`/appointments/${r.appointment_id}/edit`} className={`text-teal-800 underline ${focusRing}`}>
                    {t('reminders.viewAppointment')}
                  </Link>
                )}
              </Item>
            )}
            <Item label={t('patients.fields.timezone')}>{tz}</Item>
          </dl>
        </Card>
        <Card title={t('reminders.sections.what')}>
          <dl className="grid gap-3 sm:grid-cols-2">
            <Item label={r.template_id ? t('reminders.fields.template') : t('reminders.fields.message')}>
              {r.template_id ? (
                <Link to={`/templates/${r.template_id}`} className={`text-teal-800 underline ${focusRing}`}>
                  {template.data?.name ?? r.template_id}
                </Link>
              ) : (
                <span className="whitespace-pre-wrap">{r.message}</span>
              )}
            </Item>
            <Item label={t('reminders.fields.channel_order')}>
              {r.channel_order && r.channel_order.length > 0
                ? r.channel_order.map((c) => t(`channels.${c}`, { defaultValue: c })).join(' → ')
                : t('reminders.clinicChannelOrder')}
            </Item>
            {r.type === 'medication' && <Item label={t('reminders.fields.confirmation_window_minutes')}>{minutes(r.confirmation_window_minutes)}</Item>}
            <Item label={t('reminders.fields.ttl_minutes')}>{minutes(r.ttl_minutes)}</Item>
          </dl>
        </Card>
      </div>
      <div className="mt-4">
        <OccurrenceList reminderId={id} timeZone={tz} canConfirm={canWrite} />
      </div>
      <ConfirmDialog
        open={confirmingSend}
        title={t('reminders.sendNowTitle')}
        confirmLabel={sendNow.isPending ? t('reminders.sending') : t('reminders.sendNowConfirm')}
        confirmVariant="primary"
        busy={sendNow.isPending}
        error={sendNow.isError ? errorMessage(sendNow.error) : undefined}
        onConfirm={() => sendNow.mutate()}
        onCancel={() => {
          setConfirmingSend(false);
          sendNow.reset();
        }}
      >
        {t('reminders.sendNowText', { name: patientName || t('reminders.fields.patient') })}
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming}
        title={t('reminders.deleteTitle')}
        confirmLabel={t('common.delete')}
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          setConfirming(false);
          remove.reset();
        }}
      >
        {t('reminders.deleteText')}
      </ConfirmDialog>
    </>
  );
}
