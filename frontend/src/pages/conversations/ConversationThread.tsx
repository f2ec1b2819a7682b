import { Fragment, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, CheckCircle2, ScrollText } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { Button, buttonClass, focusRing } from '../../components/Button';
import { EmptyState, ErrorBanner, ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { zoneLabel } from '../../lib/format';
import { MessageDrawer } from '../messages/MessageDrawer';
import { conversationKeys, notificationKeys, resolveConversation, useConversation, usePublicConfig } from './api';
import { FlagChip } from './Chips';
import { MessageBubble } from './MessageBubble';
import { ReplyBox } from './ReplyBox';
import { SimulateBox } from './SimulateBox';
import { dayLabel, dayOf } from './time';
import type { Conversation, ConversationThread as Thread } from './types';

interface Props {
  patientId: string;
  timeZone: string;
  /** Where the back button goes (the list, with its filters); shown on narrow screens. */
  backTo: string;
}

/** One patient's conversation: every message oldest first, a reply box, Resolve. */
export function ConversationThread({ patientId, timeZone, backTo }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { user } = useMe();
  const canWrite = user.role === 'admin' || user.role === 'volunteer';
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const thread = useConversation(patientId);
  const config = usePublicConfig();
  const [openMessage, setOpenMessage] = useState('');
  const scroller = useRef<HTMLDivElement>(null);
  const messages = thread.data?.messages ?? [];
  const lastId = messages.at(-1)?.id;

  // Reading the thread marks it read: the inbox and the badge change.
  const loaded = thread.isSuccess;
  useEffect(() => {
    if (!loaded) return;
    void queryClient.invalidateQueries({ queryKey: conversationKeys.lists });
    void queryClient.invalidateQueries({ queryKey: conversationKeys.counts });
  }, [loaded, patientId, queryClient]);

  // Keep the newest message in view.
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lastId, messages.length]);

  const resolve = useMutation({
    mutationFn: () => resolveConversation(patientId),
    onSuccess: async (c: Conversation) => {
      queryClient.setQueryData<Thread>(conversationKeys.thread(patientId), (old) => (old ? { ...old, conversation: c } : old));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: conversationKeys.lists }),
        queryClient.invalidateQueries({ queryKey: conversationKeys.counts }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]);
    },
  });

  const back = (
    <Link to={backTo} className={buttonClass('ghost', '-ml-2 lg:hidden')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {t('conversations.backToInbox')}
    </Link>
  );

  if (thread.isPending) return <LoadingState />;
  if (thread.isError && !thread.data)
    return (
      <div className="p-3">
        {back}
        <ErrorState error={thread.error} onRetry={() => void thread.refetch()} />
      </div>
    );

  const c = thread.data.conversation;
  let lastDay = '';
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="border-b border-slate-200 p-3">
        {back}
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div className="flex min-w-0 flex-wrap items-center gap-2">
            <h2 className="min-w-0 break-words text-lg font-semibold text-slate-900">
              <Link to={`/patients/${patientId}`} className={`hover:underline ${focusRing}`}>
                {c.patient_name}
              </Link>
            </h2>
            <FlagChip conversation={c} />
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Link to={`/messages?patient_id=${patientId}`} className={buttonClass('ghost', 'px-2!')}>
              <ScrollText aria-hidden="true" className="size-4" />
              {t('conversations.messageLog')}
            </Link>
            {canWrite && c.status === 'open' && (
              <Button onClick={() => resolve.mutate()} disabled={resolve.isPending}>
                <CheckCircle2 aria-hidden="true" className="size-4" />
                {resolve.isPending ? t('conversations.resolving') : t('conversations.resolve')}
              </Button>
            )}
          </div>
        </div>
        <p className="mt-1 text-xs text-slate-500">{t('messages.timesIn', { zone: zoneLabel(timeZone, lang) })}</p>
        {resolve.isError && (
          <div className="mt-2">
            <ErrorBanner message={errorMessage(resolve.error)} />
          </div>
        )}
      </div>

      <div ref={scroller} className="relative max-h-[60dvh] min-h-48 flex-1 overflow-y-auto bg-slate-50/60 p-3 lg:max-h-none" aria-busy={thread.isFetching}>
        {messages.length === 0 ? (
          <EmptyState title={t('conversations.threadEmpty')} />
        ) : (
          <ol className="flex flex-col gap-2" aria-label={t('conversations.messages')}>
            {messages.map((m) => {
              const day = dayOf(m.created_at, timeZone);
              const heading = day !== lastDay;
              lastDay = day;
              return (
                <Fragment key={m.id}>
                  {heading && (
                    <li aria-hidden="true" className="my-1 text-center text-xs font-medium text-slate-500">
                      {dayLabel(day, lang, timeZone, { today: t('conversations.today'), yesterday: t('conversations.yesterday') })}
                    </li>
                  )}
                  <MessageBubble message={m} timeZone={timeZone} onOpen={setOpenMessage} />
                </Fragment>
              );
            })}
          </ol>
        )}
      </div>

      {canWrite && <ReplyBox key={patientId} patientId={patientId} />}
      {canWrite && config.data?.dev_auth && <SimulateBox key={`sim-${patientId}`} patientId={patientId} />}

      {openMessage && (
        <MessageDrawer id={openMessage} timeZone={timeZone} onClose={() => setOpenMessage('')} canRetry={false} retrying={false} onRetry={() => {}} />
      )}
    </div>
  );
}
