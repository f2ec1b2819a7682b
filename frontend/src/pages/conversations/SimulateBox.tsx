import { useEffect, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FlaskConical } from 'lucide-react';
import { ApiError } from '../../api/problem';
import { Button } from '../../components/Button';
import { controlProps, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { conversationKeys, notificationKeys, simulateInbound } from './api';

/** When to look at the thread again after a simulated message: its automated answer comes within a few seconds. */
const REFETCH_AFTER_MS = [400, 1_000, 1_800, 2_600, 3_500];

/** Development only: sends a message as if the patient had written it on WhatsApp. */
export function SimulateBox({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [body, setBody] = useState('');
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: conversationKeys.thread(patientId) });
    void queryClient.invalidateQueries({ queryKey: conversationKeys.lists });
    void queryClient.invalidateQueries({ queryKey: conversationKeys.counts });
    void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
  };
  const simulate = useMutation({
    mutationFn: (text: string) => simulateInbound({ patient_id: patientId, body: text, replied_to_id: '' }),
    onSuccess: () => {
      setBody('');
      timers.current.forEach(clearTimeout);
      refresh();
      timers.current = REFETCH_AFTER_MS.map((ms) => setTimeout(refresh, ms));
    },
  });
  const fieldError = simulate.error instanceof ApiError ? simulate.error.fieldErrors.body : undefined;
  const otherError = simulate.isError && !fieldError ? errorMessage(simulate.error) : undefined;

  return (
    <form
      aria-labelledby="simulate-title"
      className="border-t-2 border-dashed border-amber-300 bg-amber-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!simulate.isPending) simulate.mutate(body);
      }}
    >
      <p id="simulate-title" className="mb-1 flex items-center gap-1.5 text-sm font-medium text-amber-900">
        <FlaskConical aria-hidden="true" className="size-4" />
        {t('conversations.simulate.title')}
      </p>
      <p className="mb-2 text-xs text-amber-900">{t('conversations.simulate.hint')}</p>
      <div className="flex flex-wrap items-start gap-2 sm:flex-nowrap">
        <label htmlFor="simulate-body" className="sr-only">
          {t('conversations.simulate.label')}
        </label>
        <input
          {...controlProps('simulate-body', fieldError)}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          placeholder={t('conversations.simulate.placeholder')}
          className={`${inputClass} min-w-0 flex-1 basis-48`}
        />
        <Button type="submit" disabled={simulate.isPending} className="shrink-0">
          {simulate.isPending ? t('conversations.sending') : t('conversations.simulate.send')}
        </Button>
      </div>
      {fieldError && (
        <p id="simulate-body-error" className="mt-1 text-sm text-red-700">
          {fieldError}
        </p>
      )}
      {simulate.isSuccess && (
        <p role="status" className="mt-1 text-xs text-amber-900">
          {t(`conversations.simulate.result.${simulate.data.status}`, { defaultValue: simulate.data.status })}
        </p>
      )}
      {otherError && (
        <div className="mt-2">
          <ErrorBanner message={otherError} />
        </div>
      )}
    </form>
  );
}
