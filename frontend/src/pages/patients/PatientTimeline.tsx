import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../api/types';
import { Card } from '../../components/Card';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime } from '../../lib/format';
import { useTimeline } from './api';

/** The entry's summary in the current language where its kind is known. */
function summaryOf(e: TimelineEntry, t: TFunction): string {
  const summary = e.summary ?? '';
  if (e.kind === 'patient.updated' && e.changes && e.changes.length > 0) {
    const fields = e.changes.map((f) => t(`patients.fields.${f}`, { defaultValue: f }));
    return t('timeline.changed', { fields: fields.join(', ') });
  }
  if (e.kind === 'patient.created' || e.kind === 'patient.deleted') return '';
  return summary;
}

function kindLabel(kind: string | undefined, t: TFunction): string {
  if (!kind) return '';
  return t(`timeline.kinds.${kind.replace(/\./g, '_')}`, { defaultValue: kind });
}

export function PatientTimeline({ patientId, timeZone }: { patientId: string; timeZone?: string }) {
  const { t, i18n } = useTranslation();
  const timeline = useTimeline(patientId);
  const entries = timeline.data?.data ?? [];
  return (
    <Card title={t('patients.timeline')}>
      {timeline.isPending && <LoadingState />}
      {timeline.isError && <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />}
      {timeline.data && entries.length === 0 && <EmptyState title={t('patients.timelineEmpty')} />}
      {entries.length > 0 && (
        <ol className="relative ml-2 border-l border-slate-200">
          {entries.map((e, i) => (
            <li key={`${e.at}-${i}`} className="mb-4 ml-4">
              <span aria-hidden="true" className="absolute -left-1.5 mt-1.5 size-3 rounded-full border border-white bg-teal-600" />
              <p className="text-xs text-slate-500">
                <time dateTime={e.at}>{formatDateTime(e.at, i18n.language, timeZone)}</time>
                {e.actor_name && <> · {e.actor_name}</>}
              </p>
              <p className="text-sm font-medium text-slate-800">{kindLabel(e.kind, t)}</p>
              {summaryOf(e, t) && <p className="text-sm text-slate-700">{summaryOf(e, t)}</p>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
