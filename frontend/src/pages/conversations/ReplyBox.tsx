import { useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Send } from 'lucide-react';
import { ApiError } from '../../api/problem';
import type { Message } from '../../api/types';
import { Button } from '../../components/Button';
import { controlProps, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { newIdempotencyKey } from '../../lib/idempotency';
import { conversationKeys, notificationKeys, replyTo } from './api';
import type { ConversationThread } from './types';

/** A staff reply: Send (or Ctrl/Cmd+Enter) queues it and adds it to the thread. */
export function ReplyBox({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [body, setBody] = useState('');
  const key = useRef(newIdempotencyKey());
  const send = useMutation({
    mutationFn: (text: string) => replyTo(patientId, text, key.current.for({ patientId, body: text })),
    onSuccess: async (m: Message) => {
      setBody('');
      key.current = newIdempotencyKey();
      queryClient.setQueryData<ConversationThread>(conversationKeys.thread(patientId), (old) =>
        old && !old.messages.some((x) => x.id === m.id) ? { ...old, messages: [...old.messages, m] } : old,
      );
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: conversationKeys.lists }),
        queryClient.invalidateQueries({ queryKey: conversationKeys.counts }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]);
    },
  });
  const fieldError = send.error instanceof ApiError ? send.error.fieldErrors.body : undefined;
  const otherError = send.isError && !fieldError ? errorMessage(send.error) : undefined;
  const submit = () => {
    if (send.isPending) return;
    send.mutate(body);
  };

  return (
    <form
      className="border-t border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor="conversation-reply" className="mb-1 block text-sm font-medium text-slate-700">
        {t('conversations.reply')}
      </label>
      <div className="flex items-end gap-2">
        <textarea
          {...controlProps('conversation-reply', fieldError, t('conversations.sendHint'))}
          rows={2}
          value={body}
          disabled={send.isPending}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
          placeholder={t('conversations.replyPlaceholder')}
          className={`${inputClass} min-h-16 resize-y`}
        />
        <Button type="submit" variant="primary" disabled={send.isPending} className="shrink-0">
          <Send aria-hidden="true" className="size-4" />
          {send.isPending ? t('conversations.sending') : t('conversations.send')}
        </Button>
      </div>
      <p id="conversation-reply-hint" className="mt-1 hidden text-xs text-slate-500 sm:block">
        {t('conversations.sendHint')}
      </p>
      {fieldError && (
        <p id="conversation-reply-error" className="mt-1 text-sm text-red-700">
          {fieldError}
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
