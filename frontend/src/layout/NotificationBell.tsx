import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, Bell } from 'lucide-react';
import { useMe } from '../auth/MeContext';
import { focusRing } from '../components/Button';
import { ErrorState, LoadingState } from '../components/States';
import { formatNumber } from '../lib/format';
import { conversationKeys, markNotificationRead, notificationKeys, useConversations, useNotifications } from '../pages/conversations/api';
import { relativeTime } from '../pages/conversations/time';
import type { Notification } from '../pages/conversations/types';

/** The most recent conversations, enough to name the patients of the notifications. */
const NAMES_QUERY = { per_page: 100, sort: '-last_message_at' } as const;

/** A bell with the unread count; its list opens the conversation a notification is about. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { tenant } = useMe();
  const tz = tenant.timezone || 'UTC';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const notifications = useNotifications();
  // Patient names come from the inbox, read only while the list is open.
  const names = useConversations(NAMES_QUERY, { enabled: open, poll: false });
  const nameOf = (patientId?: string | null) => names.data?.data.find((c) => c.patient_id === patientId)?.patient_name;
  const unread = notifications.data?.unread ?? 0;
  const rows = notifications.data?.data ?? [];

  const read = useMutation({
    mutationFn: (id: string) => markNotificationRead(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const choose = (n: Notification) => {
    setOpen(false);
    if (!n.read_at) {
      queryClient.setQueryData(notificationKeys.all, (old: typeof notifications.data) =>
        old ? { ...old, unread: Math.max(0, old.unread - 1), data: old.data.map((x) => (x.id === n.id ? { ...x, read_at: new Date().toISOString() } : x)) } : old,
      );
      read.mutate(n.id);
    }
    if (n.kind === 'workflow' && n.execution_id) {
      navigate(`/workflow-executions/${n.execution_id}`);
    } else if (n.patient_id) {
      void queryClient.invalidateQueries({ queryKey: conversationKeys.thread(n.patient_id) });
      navigate(`/conversations/${n.patient_id}`);
    }
  };

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? t('notifications.buttonUnread', { count: unread }) : t('notifications.button')}
        onClick={() => setOpen((v) => !v)}
        className={`relative inline-flex items-center justify-center rounded-md p-2 text-slate-700 hover:bg-slate-100 ${focusRing}`}
      >
        <Bell aria-hidden="true" className="size-5" />
        {unread > 0 && (
          <span aria-hidden="true" data-testid="notifications-count" className="absolute -right-0.5 -top-0.5 inline-flex min-w-4.5 items-center justify-center rounded-full bg-red-600 px-1 text-[11px] font-semibold leading-4.5 text-white">
            {unread > 99 ? '99+' : formatNumber(unread, lang)}
          </span>
        )}
      </button>
      {open && (
        <div
          id={panelId}
          role="region"
          aria-label={t('notifications.title')}
          className="fixed inset-x-2 top-14 z-30 max-h-[70vh] overflow-y-auto rounded-lg border border-slate-200 bg-white shadow-lg sm:absolute sm:inset-x-auto sm:right-0 sm:top-full sm:mt-1 sm:w-96"
        >
          <p className="border-b border-slate-200 px-3 py-2 text-sm font-semibold text-slate-900">{t('notifications.title')}</p>
          {notifications.isPending && <LoadingState />}
          {notifications.isError && !notifications.data && (
            <div className="p-3">
              <ErrorState error={notifications.error} onRetry={() => void notifications.refetch()} />
            </div>
          )}
          {notifications.data && rows.length === 0 && <p className="px-3 py-6 text-center text-sm text-slate-600">{t('notifications.empty')}</p>}
          {rows.length > 0 && (
            <ul className="divide-y divide-slate-100">
              {rows.map((n) => {
                const name = nameOf(n.patient_id) ?? (names.isPending ? '…' : t('notifications.aPatient'));
                return (
                  <li key={n.id}>
                    <button
                      type="button"
                      onClick={() => choose(n)}
                      className={`flex w-full items-start gap-2 px-3 py-2.5 text-left text-sm hover:bg-slate-50 ${focusRing} ${n.read_at ? 'text-slate-600' : 'bg-red-50/50 font-medium text-slate-900'}`}
                    >
                      <AlertTriangle aria-hidden="true" className={`mt-0.5 size-4 shrink-0 ${n.read_at ? 'text-slate-400' : 'text-red-600'}`} />
                      <span className="min-w-0 flex-1">
                        <span className="block break-words">
                          {n.kind === 'urgent_message'
                            ? t('notifications.urgentFrom', { name })
                            : n.kind === 'workflow'
                              ? t('notifications.workflow', { name, text: n.body ?? '' })
                              : t('notifications.generic', { name })}
                        </span>
                        <time dateTime={n.created_at} className="block text-xs font-normal text-slate-500">
                          {relativeTime(n.created_at, lang, tz)}
                        </time>
                      </span>
                      {!n.read_at && <span className="sr-only">{t('notifications.unread')}</span>}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
