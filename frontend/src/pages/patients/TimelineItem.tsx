import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry, TimelineOccurrence } from '../../api/types';
import { focusRing } from '../../components/Button';
import { MessageStatusChip, OccurrenceStateChip } from '../../components/StatusChip';
import { formatDateTime } from '../../lib/format';

const DOTS: Record<string, string> = {
  'message.outbound': 'bg-sky-600',
  'message.inbound': 'bg-violet-600',
  'occurrence.due': 'bg-amber-500',
  'occurrence.confirmed': 'bg-emerald-600',
};

function kindLabel(kind: string, t: TFunction): string {
  return t(`timeline.kinds.${kind.replace(/\./g, '_')}`, { defaultValue: kind });
}

/** What a reminder occurrence is about: the medication, or the kind of reminder. */
function subject(o: TimelineOccurrence, t: TFunction): string {
  if (o.medication) return o.medication;
  return o.reminder_type === 'appointment' ? t('timeline.appointment') : t('timeline.reminder');
}

function dueTitle(o: TimelineOccurrence, t: TFunction): string {
  if (o.medication) return t('timeline.doseDue', { medication: o.medication });
  return o.reminder_type === 'appointment' ? t('timeline.appointmentDue') : t('timeline.reminderDue');
}

function confirmedBy(o: TimelineOccurrence, t: TFunction): string {
  if (!o.confirmed_by) return '';
  return o.confirmed_by === 'staff' ? t('timeline.byStaff', { name: o.confirmed_by_name || '—' }) : t('timeline.byPatient');
}

/** The entry's title and detail lines in the current language. */
function describe(e: TimelineEntry, t: TFunction): { title: string; chips: ReactNode; details: string[] } {
  const m = e.message;
  const o = e.occurrence;
  if (m) {
    const details = [t(`channels.${m.channel}`, { defaultValue: m.channel })];
    if (m.direction === 'outbound') details.push(t(`source.${m.source}`, { defaultValue: m.source }));
    if (m.skip_reason) details.push(t(`skipReason.${m.skip_reason}`, { defaultValue: m.skip_reason }));
    return { title: kindLabel(e.kind, t), chips: <MessageStatusChip status={m.status} />, details: [details.join(' · ')] };
  }
  if (o && e.kind === 'occurrence.confirmed') {
    const title = t(o.state === 'late' ? 'timeline.confirmedLate' : 'timeline.confirmed', { what: subject(o, t) });
    return { title, chips: null, details: [confirmedBy(o, t)].filter(Boolean) };
  }
  if (o) {
    const details = [confirmedBy(o, t)];
    if (o.skip_reason) details.push(t(`skipReason.${o.skip_reason}`, { defaultValue: o.skip_reason }));
    return { title: dueTitle(o, t), chips: <OccurrenceStateChip state={o.state} />, details: details.filter(Boolean) };
  }
  if (e.kind === 'patient.updated' && e.changes.length > 0) {
    const fields = e.changes.map((f) => t(`patients.fields.${f}`, { defaultValue: f }));
    return { title: kindLabel(e.kind, t), chips: null, details: [t('timeline.changed', { fields: fields.join(', ') })] };
  }
  return { title: kindLabel(e.kind, t), chips: null, details: [] };
}

interface Props {
  entry: TimelineEntry;
  timeZone?: string;
  onOpenMessage: (id: string) => void;
}

/** One entry of the timeline; a message opens in the message drawer. */
export function TimelineItem({ entry: e, timeZone, onOpenMessage }: Props) {
  const { t, i18n } = useTranslation();
  const { title, chips, details } = describe(e, t);
  const body = (
    <>
      <p className="text-xs text-slate-500">
        <time dateTime={e.at}>{formatDateTime(e.at, i18n.language, timeZone)}</time>
        {e.actor_name && <> · {e.actor_name}</>}
      </p>
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm font-medium text-slate-800">
        <span className="break-words">{title}</span>
        {chips}
      </p>
      {details.map((d) => (
        <p key={d} className="break-words text-sm text-slate-700">
          {d}
        </p>
      ))}
    </>
  );
  const messageId = e.message_id;
  return (
    <li className="relative mb-3 ml-4" data-kind={e.kind}>
      <span aria-hidden="true" className={`absolute -left-[1.4rem] mt-1.5 size-3 rounded-full border border-white ${DOTS[e.kind] ?? 'bg-teal-600'}`} />
      {e.message && messageId ? (
        <button
          type="button"
          onClick={() => onOpenMessage(messageId)}
          className={`-mx-2 block w-[calc(100%+1rem)] rounded-md px-2 py-1 text-left hover:bg-slate-50 ${focusRing}`}
        >
          {body}
        </button>
      ) : (
        <div className="py-1">
          {body}
          {messageId && (
            <button type="button" onClick={() => onOpenMessage(messageId)} className={`mt-0.5 text-sm text-teal-800 underline ${focusRing}`}>
              {t('timeline.viewMessage')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
