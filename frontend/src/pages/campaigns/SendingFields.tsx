import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/MeContext';
import { ChannelOrderEditor } from '../../components/ChannelOrder';
import { controlProps, Field, inputClass } from '../../components/Field';
import { zoneLabel } from '../../lib/format';
import type { CampaignDraft } from './formModel';
import { CAMPAIGN_CHANNELS } from './types';

interface Props {
  draft: CampaignDraft;
  onChange: (change: Partial<CampaignDraft>, ...fields: string[]) => void;
  errors: Record<string, string>;
}

function Check({ id, checked, onChange, label, hint }: { id: string; checked: boolean; onChange: (v: boolean) => void; label: string; hint: string }) {
  return (
    <div>
      <label className="flex items-start gap-2 text-sm font-medium text-slate-700">
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} className="mt-0.5 size-4 shrink-0 accent-teal-700" />
        {label}
      </label>
      <p id={`${id}-hint`} className="mt-1 ml-6 text-xs text-slate-500">
        {hint}
      </p>
    </div>
  );
}

/** Channels, when to start, the daily window, and how fast. */
export function SendingFields({ draft: d, onChange, errors: e }: Props) {
  const { t, i18n } = useTranslation();
  const { tenant } = useMe();
  const zone = zoneLabel(tenant.timezone || undefined, i18n.language);
  const sendAtHint = zone ? t('campaigns.form.sendAtHintZone', { zone }) : t('campaigns.form.sendAtHint');
  const windowError = e['send_window.start'] ?? e['send_window.end'] ?? e.send_window;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="flex flex-col gap-2 sm:col-span-2">
        <Check id="campaign-custom-order" checked={d.customOrder} onChange={(customOrder) => onChange({ customOrder }, 'channel_order')} label={t('campaigns.form.customOrder')} hint={t('campaigns.form.customOrderHint')} />
        {d.customOrder && (
          <ChannelOrderEditor id="campaign-channel-order" value={d.channelOrder} onChange={(channelOrder) => onChange({ channelOrder }, 'channel_order')} channels={CAMPAIGN_CHANNELS} error={e.channel_order} />
        )}
        {!d.customOrder && e.channel_order && <p className="text-sm text-red-700">{e.channel_order}</p>}
      </div>
      <Field id="campaign-send-at" label={t('campaigns.fields.sendAt')} error={e.send_at} hint={sendAtHint}>
        <input {...controlProps('campaign-send-at', e.send_at, sendAtHint)} type="datetime-local" value={d.sendAt} onChange={(ev) => onChange({ sendAt: ev.target.value }, 'send_at')} className={inputClass} />
      </Field>
      <div className="flex flex-col gap-2">
        <Check id="campaign-use-window" checked={d.useWindow} onChange={(useWindow) => onChange({ useWindow }, 'send_window', 'send_window.start', 'send_window.end')} label={t('campaigns.form.useWindow')} hint={t('campaigns.form.windowHint')} />
        {d.useWindow && (
          <div className="grid grid-cols-2 gap-2">
            <Field id="campaign-window-start" label={t('campaigns.fields.windowStart')} error={e['send_window.start']}>
              <input {...controlProps('campaign-window-start', e['send_window.start'])} type="time" value={d.windowStart} onChange={(ev) => onChange({ windowStart: ev.target.value }, 'send_window.start')} className={inputClass} />
            </Field>
            <Field id="campaign-window-end" label={t('campaigns.fields.windowEnd')} error={e['send_window.end']}>
              <input {...controlProps('campaign-window-end', e['send_window.end'])} type="time" value={d.windowEnd} onChange={(ev) => onChange({ windowEnd: ev.target.value }, 'send_window.end')} className={inputClass} />
            </Field>
          </div>
        )}
        {!d.useWindow && windowError && <p className="text-sm text-red-700">{windowError}</p>}
      </div>
      <Field id="campaign-rate" label={t('campaigns.fields.rate')} error={e.rate_per_minute} hint={t('campaigns.form.rateHint')}>
        <input {...controlProps('campaign-rate', e.rate_per_minute, t('campaigns.form.rateHint'))} type="number" inputMode="numeric" min={1} max={600000} value={d.rate} onChange={(ev) => onChange({ rate: ev.target.value }, 'rate_per_minute')} className={inputClass} />
      </Field>
      <Field id="campaign-threshold" label={t('campaigns.fields.threshold')} error={e.failure_threshold} hint={t('campaigns.form.thresholdHint')}>
        <input {...controlProps('campaign-threshold', e.failure_threshold, t('campaigns.form.thresholdHint'))} type="number" inputMode="numeric" min={1} max={10000} value={d.threshold} onChange={(ev) => onChange({ threshold: ev.target.value }, 'failure_threshold')} className={inputClass} />
      </Field>
    </div>
  );
}
