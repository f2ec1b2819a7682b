import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from './Badge';

const MESSAGE_TONES: Record<string, Tone> = {
  queued: 'gray',
  sending: 'blue',
  sent: 'blue',
  delivered: 'green',
  read: 'green',
  failed: 'red',
  skipped: 'amber',
  received: 'violet',
};

const OCCURRENCE_TONES: Record<string, Tone> = {
  pending: 'gray',
  confirmed: 'green',
  late: 'amber',
  missed: 'red',
  skipped: 'violet',
};

const APPOINTMENT_TONES: Record<string, Tone> = {
  scheduled: 'blue',
  completed: 'green',
  cancelled: 'gray',
  no_show: 'red',
};

/** A message's status (queued … received) as a coloured chip. */
export function MessageStatusChip({ status }: { status?: string | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return <Badge tone={MESSAGE_TONES[status] ?? 'gray'}>{t(`messageStatus.${status}`, { defaultValue: status })}</Badge>;
}

/** An occurrence's state (pending, confirmed, late, missed, skipped). */
export function OccurrenceStateChip({ state }: { state?: string | null }) {
  const { t } = useTranslation();
  if (!state) return null;
  return <Badge tone={OCCURRENCE_TONES[state] ?? 'gray'}>{t(`occurrenceState.${state}`, { defaultValue: state })}</Badge>;
}

export function AppointmentStatusChip({ status }: { status?: string | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return <Badge tone={APPOINTMENT_TONES[status] ?? 'gray'}>{t(`appointmentStatus.${status}`, { defaultValue: status })}</Badge>;
}

/** Active / paused. */
export function ActiveChip({ active }: { active?: boolean | null }) {
  const { t } = useTranslation();
  return active === false ? <Badge tone="amber">{t('reminders.paused')}</Badge> : <Badge tone="green">{t('reminders.active')}</Badge>;
}
