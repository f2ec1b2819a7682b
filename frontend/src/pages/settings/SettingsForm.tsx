import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertTriangle } from 'lucide-react';
import { ApiError } from '../../api/problem';
import { LANGUAGES, MESSAGE_CHANNELS, type Settings, type SettingsPatch } from '../../api/types';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ChannelOrderEditor } from '../../components/ChannelOrder';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { listOf } from '../../lib/format';
import { useRevealErrors } from '../../lib/revealErrors';
import { todayIn } from '../../lib/zoned';
import { warmupFieldFor, warmupPatch, warmupValuesFrom, WarmupFields, type WarmupValues } from './WarmupFields';

const TIMEZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Asia/Seoul'];
const REGIONS = ['ID', 'KR'];

interface Values extends WarmupValues {
  timezone: string;
  default_region: string;
  quiet_start: string;
  quiet_end: string;
  send_start: string;
  send_end: string;
  channel_order: string[];
  default_language: string;
  ai_enabled: boolean;
  staff_pause_minutes: string;
  whatsapp_device_id: string;
  sms_sender: string;
  kakao_sender_key: string;
}

/** The sending accounts, as the form names them (and the API inside channel_accounts). */
const ACCOUNT_FIELDS = ['whatsapp_device_id', 'sms_sender', 'kakao_sender_key'] as const;

function valuesFrom(s: Settings): Values {
  // Equal start and end is how the server shows "no quiet hours": empty fields here.
  const quiet = s.quiet_hours && s.quiet_hours.start !== s.quiet_hours.end ? s.quiet_hours : undefined;
  return {
    timezone: s.timezone,
    default_region: s.default_region,
    quiet_start: quiet?.start ?? '',
    quiet_end: quiet?.end ?? '',
    send_start: s.send_window?.start ?? '',
    send_end: s.send_window?.end ?? '',
    channel_order: [...(s.channel_order ?? [])],
    default_language: s.default_language,
    ai_enabled: s.ai_enabled,
    staff_pause_minutes: String(s.staff_pause_minutes ?? ''),
    whatsapp_device_id: s.channel_accounts?.whatsapp_device_id ?? '',
    sms_sender: s.channel_accounts?.sms_sender ?? '',
    kakao_sender_key: s.channel_accounts?.kakao_sender_key ?? '',
    ...warmupValuesFrom(s.channel_accounts?.whatsapp_warmup, todayIn(s.timezone)),
  };
}

/** The changed settings as a PATCH body, with the version read. */
export function settingsPatch(before: Values, v: Values, version: number): SettingsPatch {
  const body: SettingsPatch = { version };
  if (v.timezone !== before.timezone) body.timezone = v.timezone.trim();
  if (v.default_region !== before.default_region) body.default_region = v.default_region.trim().toUpperCase();
  if (v.quiet_start !== before.quiet_start || v.quiet_end !== before.quiet_end) {
    // Both fields emptied: no quiet hours (null); otherwise both times, which must differ.
    const off = v.quiet_start === '' && v.quiet_end === '';
    (body as Record<string, unknown>).quiet_hours = off ? null : { start: v.quiet_start, end: v.quiet_end };
  }
  if (v.send_start !== before.send_start || v.send_end !== before.send_end) body.send_window = { start: v.send_start, end: v.send_end };
  if (v.channel_order.join() !== before.channel_order.join()) body.channel_order = v.channel_order;
  if (v.default_language !== before.default_language) body.default_language = v.default_language as SettingsPatch['default_language'];
  if (v.ai_enabled !== before.ai_enabled) body.ai_enabled = v.ai_enabled;
  if (v.staff_pause_minutes.trim() !== before.staff_pause_minutes.trim()) {
    // Sent as typed (a whole number or not): the server names what is wrong.
    const text = v.staff_pause_minutes.trim();
    (body as Record<string, unknown>).staff_pause_minutes = /^-?\d+$/.test(text) ? Number(text) : text;
  }
  const accounts: Record<string, unknown> = {};
  for (const k of ACCOUNT_FIELDS) {
    // An emptied field goes back to the server's default account (null).
    if (v[k].trim() !== before[k].trim()) accounts[k] = v[k].trim() === '' ? null : v[k].trim();
  }
  const warmup = warmupPatch(before, v);
  if (warmup !== undefined) accounts.whatsapp_warmup = warmup;
  if (Object.keys(accounts).length > 0) body.channel_accounts = accounts as SettingsPatch['channel_accounts'];
  return body;
}

/** The form field that shows a server error about an API field. */
function fieldFor(api: string): string {
  const warmup = warmupFieldFor(api);
  if (warmup) return warmup;
  if (api.startsWith('channel_accounts.')) return api.slice('channel_accounts.'.length);
  if (api.startsWith('quiet_hours')) return api.endsWith('end') ? 'quiet_end' : 'quiet_start';
  if (api.startsWith('send_window')) return api.endsWith('end') ? 'send_end' : 'send_start';
  return api.replace(/\[\d+\]$/, '');
}

interface Props {
  settings: Settings;
  readOnly: boolean;
  onSave: (body: SettingsPatch) => Promise<void>;
  onReload: () => Promise<void>;
}

export function SettingsForm({ settings, readOnly, onSave, onReload }: Props) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [initial] = useState(() => valuesFrom(settings));
  const [v, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [generalError, setGeneralError] = useState('');
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const { ref: formRef, reveal } = useRevealErrors();
  const set = (change: Partial<Values>) => {
    setValues((prev) => ({ ...prev, ...change }));
    setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !(k in change))));
  };
  const configured = Object.fromEntries((settings.channels ?? []).map((c) => [c.name, c.configured]));
  // Channels of the saved order with no provider on this server.
  const unconfigured = (settings.unconfigured_channels ?? []).map((c) => t(`channels.${c}`, { defaultValue: c }));
  const body = settingsPatch(initial, v, settings.version);
  const dirty = Object.keys(body).length > 1;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setGeneralError('');
    setConflict(false);
    setSaving(true);
    try {
      await onSave(body);
    } catch (error) {
      reveal();
      if (error instanceof ApiError && error.status === 409) setConflict(true);
      else if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
        const placed: Record<string, string> = {};
        for (const [k, m] of Object.entries(error.fieldErrors)) placed[fieldFor(k)] ??= m;
        setErrors(placed);
        setGeneralError(t('patients.form.fixFields'));
      } else setGeneralError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const err = (k: string) => errors[k];

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-4">
      {conflict && (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <span>{t('settings.conflict')}</span>
          <Button onClick={() => void onReload()}>{t('patients.form.reload')}</Button>
        </div>
      )}
      {generalError && <ErrorBanner message={generalError} />}
      <fieldset disabled={readOnly || saving} className="flex flex-col gap-4">
        <Card title={t('settings.sections.clinic')}>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id="settings-timezone" label={t('settings.fields.timezone')} error={err('timezone')} hint={t('settings.timezoneHint')}>
              <input {...controlProps('settings-timezone', err('timezone'), t('settings.timezoneHint'))} list="settings-timezones" value={v.timezone} onChange={(e) => set({ timezone: e.target.value })} className={inputClass} />
              <datalist id="settings-timezones">
                {TIMEZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </Field>
            <Field id="settings-region" label={t('settings.fields.default_region')} error={err('default_region')} hint={t('settings.regionHint')}>
              <input
                {...controlProps('settings-region', err('default_region'), t('settings.regionHint'))}
                list="settings-regions"
                maxLength={2}
                value={v.default_region}
                onChange={(e) => set({ default_region: e.target.value.toUpperCase() })}
                className={`${inputClass} uppercase`}
              />
              <datalist id="settings-regions">
                {REGIONS.map((r) => (
                  <option key={r} value={r} />
                ))}
              </datalist>
            </Field>
            <Field id="settings-language" label={t('settings.fields.default_language')} error={err('default_language')}>
              <select {...controlProps('settings-language', err('default_language'))} value={v.default_language} onChange={(e) => set({ default_language: e.target.value })} className={inputClass}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {t(`languages.${l}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </Card>

        <Card title={t('settings.sections.times')}>
          <div className="grid gap-4 sm:grid-cols-2">
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-slate-700">{t('settings.fields.quiet_hours')}</legend>
              <p className="mb-2 text-xs text-slate-500">{t('settings.quietHint')}</p>
              <div className="grid grid-cols-2 gap-2">
                <Field id="settings-quiet-start" label={t('settings.from')} error={err('quiet_start')}>
                  <input {...controlProps('settings-quiet-start', err('quiet_start'))} type="time" value={v.quiet_start} onChange={(e) => set({ quiet_start: e.target.value })} className={inputClass} />
                </Field>
                <Field id="settings-quiet-end" label={t('settings.until')} error={err('quiet_end')}>
                  <input {...controlProps('settings-quiet-end', err('quiet_end'))} type="time" value={v.quiet_end} onChange={(e) => set({ quiet_end: e.target.value })} className={inputClass} />
                </Field>
              </div>
            </fieldset>
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-slate-700">{t('settings.fields.send_window')}</legend>
              <p className="mb-2 text-xs text-slate-500">{t('settings.sendWindowHint')}</p>
              <div className="grid grid-cols-2 gap-2">
                <Field id="settings-send-start" label={t('settings.from')} error={err('send_start')}>
                  <input {...controlProps('settings-send-start', err('send_start'))} type="time" value={v.send_start} onChange={(e) => set({ send_start: e.target.value })} className={inputClass} />
                </Field>
                <Field id="settings-send-end" label={t('settings.until')} error={err('send_end')}>
                  <input {...controlProps('settings-send-end', err('send_end'))} type="time" value={v.send_end} onChange={(e) => set({ send_end: e.target.value })} className={inputClass} />
                </Field>
              </div>
            </fieldset>
          </div>
        </Card>

        <Card title={t('settings.sections.channels')}>
          {unconfigured.length > 0 && (
            <div role="note" data-testid="unconfigured-channels" className="mb-4 flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
              <AlertTriangle aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
              <p className="break-keep">{t('settings.unconfiguredChannels', { channels: listOf(unconfigured, i18n.language) })}</p>
            </div>
          )}
          <div className="grid gap-4 md:grid-cols-2">
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-slate-700">{t('settings.fields.channel_order')}</legend>
              <p className="mb-2 text-xs text-slate-500">{t('settings.channelOrderHint')}</p>
              <ChannelOrderEditor id="settings-channel-order" value={v.channel_order} onChange={(channel_order) => set({ channel_order })} channels={MESSAGE_CHANNELS} configured={configured} disabled={readOnly} error={err('channel_order')} />
            </fieldset>
            <div>
              <p className="mb-1 text-sm font-medium text-slate-700">{t('settings.channelStatus')}</p>
              <ul className="flex flex-col gap-1.5" data-testid="channel-status">
                {(settings.channels ?? []).map((c) => (
                  <li key={c.name} className="flex items-center justify-between rounded-md border border-slate-200 px-3 py-1.5 text-sm">
                    <span className="font-medium text-slate-900">{t(`channels.${c.name}`, { defaultValue: c.name })}</span>
                    <span className={c.configured ? 'text-emerald-800' : 'text-slate-500'}>{c.configured ? t('settings.configured') : t('settings.notConfigured')}</span>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </Card>

        <Card title={t('settings.sections.accounts')}>
          <p className="mb-3 text-sm text-slate-600">{t('settings.accountsIntro')}</p>
          <div className="grid gap-4 md:grid-cols-3">
            {ACCOUNT_FIELDS.map((k) => {
              const id = `settings-${k.replace(/_/g, '-')}`;
              const hint = t(`settings.accountHints.${k}`);
              return (
                <Field key={k} id={id} label={t(`settings.fields.${k}`)} error={err(k)} hint={hint}>
                  <input
                    {...controlProps(id, err(k), hint)}
                    value={v[k]}
                    onChange={(e) => set({ [k]: e.target.value } as Partial<Values>)}
                    placeholder={t('settings.serverDefault')}
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={k === 'sms_sender' ? 32 : 100}
                    inputMode={k === 'sms_sender' ? 'tel' : undefined}
                    className={`${inputClass} min-w-0 font-mono`}
                  />
                </Field>
              );
            })}
          </div>
          <WarmupFields values={v} error={err} onChange={set} />
        </Card>

        <Card title={t('settings.sections.ai')}>
          <label className="flex items-start gap-3 text-sm text-slate-800">
            <input type="checkbox" role="switch" checked={v.ai_enabled} onChange={(e) => set({ ai_enabled: e.target.checked })} className="mt-0.5 size-4" />
            <span>
              <span className="font-medium">{t('settings.fields.ai_enabled')}</span>
              <span className="block text-xs text-slate-500">{t('settings.aiHint')}</span>
            </span>
          </label>
          {err('ai_enabled') && <p className="mt-1 text-sm text-red-700">{err('ai_enabled')}</p>}
          <Field id="settings-staff-pause" label={t('settings.fields.staff_pause_minutes')} error={err('staff_pause_minutes')} hint={t('settings.staffPauseHint')} className="mt-4 max-w-xs">
            <input
              {...controlProps('settings-staff-pause', err('staff_pause_minutes'), t('settings.staffPauseHint'))}
              type="number"
              min={0}
              max={1440}
              step={1}
              inputMode="numeric"
              value={v.staff_pause_minutes}
              onChange={(e) => set({ staff_pause_minutes: e.target.value })}
              className={inputClass}
            />
          </Field>
        </Card>
      </fieldset>
      {!readOnly && (
        <div className="flex flex-wrap justify-end gap-2">
          <Button type="submit" variant="primary" disabled={saving || !dirty}>
            {saving ? t('common.saving') : t('common.save')}
          </Button>
        </div>
      )}
    </form>
  );
}
