import { useTranslation } from 'react-i18next';
import { CalendarClock } from 'lucide-react';
import { ApiError } from '../../api/problem';
import type { SchedulePreviewRequest } from '../../api/types';
import { Card } from '../../components/Card';
import { LoadingState, useErrorMessage } from '../../components/States';
import { formatDueAt, zoneLabel } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';
import { useSchedulePreview } from './api';

/** The preview of a request, asked once typing pauses; `stale` while the answer is for older input. */
export function useDebouncedPreview(request: SchedulePreviewRequest | null) {
  const debounced = useDebounced(request, 400);
  const preview = useSchedulePreview(debounced);
  const stale = preview.isFetching || JSON.stringify(debounced) !== JSON.stringify(request);
  return { preview, stale };
}

export type PreviewState = ReturnType<typeof useDebouncedPreview>;

/** Server errors of a failed preview about schedule fields, keyed for the builder. */
export function previewFieldErrors(state: PreviewState, keyOf: (f: string) => string): Record<string, string> {
  const err = state.preview.error;
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [f, m] of Object.entries(err.fieldErrors)) if (f.startsWith('schedule')) out[keyOf(f)] ??= m;
  return out;
}

interface Props {
  /** What to preview; null when the form cannot be previewed yet. */
  request: SchedulePreviewRequest | null;
  state: PreviewState;
  /** Why there is nothing to preview (e.g. no patient chosen). */
  waitingFor?: string;
  /** The patient's zone, shown until the server answers with its own. */
  timeZone?: string;
}

/** The next five occurrences of the schedule being edited, asked of the server (debounced). */
export function SchedulePreviewPanel({ request, state, waitingFor, timeZone }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const { preview, stale } = state;
  const zone = preview.data?.timezone || timeZone;
  const times = (preview.data?.occurrences ?? []).slice(0, 5);

  return (
    <Card title={t('schedule.previewTitle')}>
      <div aria-live="polite" aria-busy={stale} className="flex flex-col gap-2">
        {zone && (
          <p className="flex items-center gap-1.5 text-xs text-slate-600">
            <CalendarClock aria-hidden="true" className="size-3.5" />
            {t('schedule.inZone', { zone: zoneLabel(zone, lang) })}
          </p>
        )}
        {!request && <p className="text-sm text-slate-600">{waitingFor}</p>}
        {request && preview.isPending && <LoadingState label={t('schedule.previewLoading')} />}
        {request && preview.isError && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            <p>{errorMessage(preview.error)}</p>
            {preview.error instanceof ApiError && Object.keys(preview.error.fieldErrors).some((f) => f.startsWith('schedule')) && (
              <p className="mt-1">{t('schedule.fixMarked')}</p>
            )}
            {preview.error instanceof ApiError &&
              Object.entries(preview.error.fieldErrors)
                .filter(([f]) => !f.startsWith('schedule'))
                .map(([f, m]) => (
                  <p key={f} className="mt-1">
                    {m}
                  </p>
                ))}
          </div>
        )}
        {request && preview.data && !preview.isError && times.length === 0 && <p className="text-sm text-slate-600">{t('schedule.noUpcoming')}</p>}
        {request && times.length > 0 && !preview.isError && (
          <ol aria-label={t('schedule.previewTitle')} className={`flex flex-col divide-y divide-slate-100 ${stale ? 'opacity-60' : ''}`}>
            {times.map((o, i) => (
              <li key={`${o.at}-${i}`} className="flex items-center gap-3 py-1.5 text-sm text-slate-900">
                <span className="w-5 text-right text-xs text-slate-400">{i + 1}.</span>
                <time dateTime={o.local || o.at}>{formatDueAt(o.at, lang, zone)}</time>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Card>
  );
}
