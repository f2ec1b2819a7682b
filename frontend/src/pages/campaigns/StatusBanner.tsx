import { useTranslation } from 'react-i18next';
import { AlertOctagon, Clock, PauseCircle } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { formatDateTime } from '../../lib/format';
import type { Campaign } from './types';

/** Why a campaign is not sending right now: paused (an automatic pause stands out), waiting, or scheduled. */
export function StatusBanner({ c }: { c: Campaign }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useMe();
  if (c.status === 'paused' && c.pause_code === 'failures') {
    return (
      <div role="alert" data-testid="pause-banner" className="flex gap-3 rounded-lg border-2 border-red-400 bg-red-50 p-4 text-red-900">
        <AlertOctagon aria-hidden="true" className="mt-0.5 size-6 shrink-0" />
        <div className="min-w-0">
          <p className="text-base font-semibold">{t('campaigns.paused.failuresTitle')}</p>
          {c.pause_reason && <p className="mt-1 text-sm break-words">{c.pause_reason}</p>}
          <p className="mt-1 text-sm">{t('campaigns.paused.failuresHint')}</p>
        </div>
      </div>
    );
  }
  if (c.status === 'paused') {
    return (
      <div role="status" data-testid="pause-banner" className="flex gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900">
        <PauseCircle aria-hidden="true" className="mt-0.5 size-5 shrink-0" />
        <div className="min-w-0">
          <p className="font-semibold">{t('campaigns.paused.manualTitle')}</p>
          {c.pause_reason && <p className="mt-1 text-sm break-words">{c.pause_reason}</p>}
        </div>
      </div>
    );
  }
  if (c.status === 'running' && c.waiting_reason) {
    return (
      <div role="status" data-testid="waiting-banner" className="flex gap-3 rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900">
        <Clock aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        <p>{t(`campaigns.waiting.${c.waiting_reason}`)}</p>
      </div>
    );
  }
  if (c.status === 'scheduled' && c.send_at) {
    return (
      <div role="status" className="flex gap-3 rounded-lg border border-violet-300 bg-violet-50 p-3 text-sm text-violet-900">
        <Clock aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        <p>{t('campaigns.scheduledFor', { time: formatDateTime(c.send_at, i18n.language, tenant.timezone || undefined) })}</p>
      </div>
    );
  }
  return null;
}
