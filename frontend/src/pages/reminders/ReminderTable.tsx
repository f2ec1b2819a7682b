import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Pause, Play } from 'lucide-react';
import type { Reminder } from '../../api/types';
import { Button, focusRing } from '../../components/Button';
import { ActiveChip } from '../../components/StatusChip';
import { formatDueAt, zoneAbbreviation } from '../../lib/format';
import { describeSchedule } from './scheduleModel';

// Below sm the table keeps three columns (patient, reminder, action): the next
// due time and the status move under the reminder, and the action is an icon,
// so that status and pause stay on a phone's screen.
const th = 'px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 sm:px-3';
const td = 'px-2 py-2 align-top text-sm text-slate-800 sm:px-3';

interface Props {
  /** Each names its patient and the patient's time zone (patient_name, patient_timezone). */
  reminders: Reminder[];
  /** Hide the patient column (on a patient's own page). */
  hidePatient?: boolean;
  canWrite: boolean;
  busyId?: string;
  onToggle: (r: Reminder) => void;
}

export function ReminderTable({ reminders, hidePatient, canWrite, busyId, onToggle }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const nextDue = (r: Reminder, tz: string | undefined) =>
    r.next_due_at && r.is_active ? (
      <>
        <time dateTime={r.next_due_at}>{formatDueAt(r.next_due_at, lang, tz)}</time>
        {tz && (
          <abbr title={tz} className="ml-1 text-xs text-slate-500 no-underline">
            {zoneAbbreviation(tz, lang, new Date(r.next_due_at))}
          </abbr>
        )}
      </>
    ) : (
      <span className="text-slate-400">—</span>
    );
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200">
        <thead className="bg-slate-50">
          <tr>
            {!hidePatient && <th scope="col" className={th}>{t('reminders.fields.patient')}</th>}
            <th scope="col" className={th}>{t('reminders.fields.type')}</th>
            <th scope="col" className={`${th} hidden md:table-cell`}>{t('reminders.fields.schedule')}</th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>{t('reminders.fields.next_due_at')}</th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>{t('reminders.fields.status')}</th>
            {canWrite && (
              <th scope="col" className={th}>
                <span className="sr-only">{t('users.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {reminders.map((r) => {
            const name = r.patient_name || r.patient_id;
            const tz = r.patient_timezone || undefined;
            const what = r.type === 'medication' ? [r.medication, r.dose].filter(Boolean).join(' ') : '';
            return (
              <tr key={r.id} className={r.is_active ? '' : 'text-slate-500'}>
                {!hidePatient && (
                  <td className={`${td} break-words`}>
                    <Link to={`/patients/${r.patient_id}`} className={`text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                      {name}
                    </Link>
                  </td>
                )}
                <td className={td}>
                  <Link to={`/reminders/${r.id}`} className={`font-medium text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                    {t(`reminders.types.${r.type}`, { defaultValue: r.type })}
                  </Link>
                  {what && <div className="text-xs text-slate-600">{what}</div>}
                  <div className="text-xs text-slate-600 md:hidden">{describeSchedule(r.schedule, t, lang)}</div>
                  <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs sm:hidden">
                    <ActiveChip active={r.is_active} />
                    <span>{nextDue(r, tz)}</span>
                  </div>
                </td>
                <td className={`${td} hidden md:table-cell`}>{describeSchedule(r.schedule, t, lang)}</td>
                <td className={`${td} hidden whitespace-nowrap sm:table-cell`}>{nextDue(r, tz)}</td>
                <td className={`${td} hidden sm:table-cell`}>
                  <ActiveChip active={r.is_active} />
                </td>
                {canWrite && (
                  <td className={`${td} text-right`}>
                    <Button className="px-2 py-1" disabled={busyId === r.id} onClick={() => onToggle(r)}>
                      {r.is_active ? <Pause aria-hidden="true" className="size-4" /> : <Play aria-hidden="true" className="size-4" />}
                      <span className="max-sm:sr-only">{r.is_active ? t('reminders.pause') : t('reminders.resume')}</span>
                      <span className="sr-only">{name}</span>
                    </Button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
