import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Send } from 'lucide-react';
import { ApiError } from '../../api/problem';
import type { ChannelStatus, TestMessageRequest } from '../../api/types';
import { Button, buttonClass } from '../../components/Button';
import { Card } from '../../components/Card';
import { controlProps, Field, inputClass } from '../../components/Field';
import { MessageStatusChip } from '../../components/StatusChip';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { useMe } from '../../auth/MeContext';
import { phoneHint } from '../../lib/phoneHint';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useRevealErrors } from '../../lib/revealErrors';
import { sendTestMessage } from './api';

/** Sends a test message to a phone number and links to it in the message log. */
export function TestMessageForm({ channels }: { channels: ChannelStatus[] }) {
  const { t } = useTranslation();
  const { tenant } = useMe();
  const hint = phoneHint(t, tenant.default_region);
  const errorMessage = useErrorMessage();
  const [phone, setPhone] = useState('');
  const [channel, setChannel] = useState('');
  const [body, setBody] = useState('');
  const key = useRef(newIdempotencyKey());
  const queryClient = useQueryClient();
  const { ref: formRef, reveal } = useRevealErrors();
  const send = useMutation({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['messages'] }),
    mutationFn: () => {
      const req: TestMessageRequest = { phone: phone.trim() };
      if (channel) req.channel = channel as TestMessageRequest['channel'];
      if (body.trim()) req.body = body.trim();
      return sendTestMessage(req, key.current.for(req));
    },
  });
  const fieldErrors = send.error instanceof ApiError ? send.error.fieldErrors : {};
  useEffect(() => {
    if (send.error) reveal();
  }, [send.error, reveal]);
  const m = send.data;

  return (
    <Card title={t('settings.testMessage')}>
      <p className="mb-3 text-sm text-slate-600">{t('settings.testMessageHint')}</p>
      <form
        ref={formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (phone.trim()) send.mutate();
        }}
        className="grid gap-4 sm:grid-cols-2"
      >
        <Field id="test-phone" label={t('patients.fields.phone')} error={fieldErrors.phone} hint={hint} required>
          <input {...controlProps('test-phone', fieldErrors.phone, hint, true)} type="tel" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} className={inputClass} />
        </Field>
        <Field id="test-channel" label={t('messages.fields.channel')} error={fieldErrors.channel}>
          <select {...controlProps('test-channel', fieldErrors.channel)} value={channel} onChange={(e) => setChannel(e.target.value)} className={inputClass}>
            <option value="">{t('settings.useChannelOrder')}</option>
            {channels.map((c) => (
              <option key={c.name} value={c.name} disabled={!c.configured}>
                {t(`channels.${c.name}`, { defaultValue: c.name })}
                {c.configured ? '' : ` (${t('settings.notConfigured')})`}
              </option>
            ))}
          </select>
        </Field>
        <Field id="test-body" label={t('settings.testBody')} error={fieldErrors.body} hint={t('settings.testBodyHint')} className="sm:col-span-2">
          <textarea {...controlProps('test-body', fieldErrors.body, t('settings.testBodyHint'))} rows={2} value={body} onChange={(e) => setBody(e.target.value)} className={inputClass} />
        </Field>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <Button type="submit" variant="primary" disabled={send.isPending || !phone.trim()}>
            <Send aria-hidden="true" className="size-4" />
            {send.isPending ? t('settings.sending') : t('settings.sendTest')}
          </Button>
        </div>
      </form>
      {send.isError && Object.keys(fieldErrors).length === 0 && (
        <div className="mt-3">
          <ErrorBanner message={errorMessage(send.error)} />
        </div>
      )}
      {m && (
        <div role="status" className="mt-3 flex flex-wrap items-center gap-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          <span>{t('settings.testQueued', { channel: t(`channels.${m.channel}`, { defaultValue: m.channel }), phone: m.to_phone ?? phone })}</span>
          <MessageStatusChip status={m.status} />
          <Link to={`/messages?id=${m.id}`} className={buttonClass('secondary', 'ml-auto py-1')}>
            {t('settings.viewInLog')}
          </Link>
        </div>
      )}
    </Card>
  );
}
