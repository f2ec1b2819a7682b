import { useTranslation } from 'react-i18next';
import type { SendNowResult } from '../../api/types';

/**
 * What a send-now did, reminder by reminder: the extra message on its way, or
 * why nothing was sent. Green when everything was queued, amber otherwise.
 */
export function SendNowBanner({ result, fallbackName }: { result: SendNowResult; fallbackName: string }) {
  const { t } = useTranslation();
  const reason = (r: string | null | undefined) =>
    t(`reminders.sendNowReasons.${r ?? 'other'}`, { defaultValue: t('reminders.sendNowReasons.other') });
  const lines = result.results.map((o) => {
    const name = o.patient_name || fallbackName;
    return o.status === 'queued' ? t('reminders.sentNow', { name }) : t('reminders.notSent', { name, reason: reason(o.reason) });
  });
  if (lines.length === 0) lines.push(t('reminders.notSent', { name: fallbackName, reason: reason(null) }));
  const allQueued = result.queued > 0 && result.skipped === 0;
  const tone = allQueued ? 'border-emerald-200 bg-emerald-50 text-emerald-900' : 'border-amber-300 bg-amber-50 text-amber-900';
  return (
    <div role="status" data-testid="send-now-result" className={`mb-3 rounded-md border p-3 text-sm ${tone}`}>
      {lines.map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </div>
  );
}
