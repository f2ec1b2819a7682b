import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';
import { useConversationCounts } from '../pages/conversations/api';

/** The inbox badge: conversations with unread messages, and the urgent ones in red. */
export function ConversationsNavBadge() {
  const { t, i18n } = useTranslation();
  const counts = useConversationCounts();
  const unread = counts.data?.unread ?? 0;
  const urgent = counts.data?.urgent ?? 0;
  if (unread <= 0 && urgent <= 0) return null;
  const n = (v: number) => (v > 99 ? '99+' : formatNumber(v, i18n.language));
  return (
    <span className="ml-auto flex items-center gap-1" data-testid="conversations-badge">
      {urgent > 0 && (
        <span className="inline-flex min-w-5 items-center justify-center rounded-full bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white">
          <span aria-hidden="true">{n(urgent)}</span>
          <span className="sr-only">{t('nav.urgentCount', { count: urgent })}</span>
        </span>
      )}
      {unread > 0 && (
        <span className="inline-flex min-w-5 items-center justify-center rounded-full bg-slate-200 px-1.5 py-0.5 text-xs font-semibold text-slate-800">
          <span aria-hidden="true">{n(unread)}</span>
          <span className="sr-only">{t('nav.unreadCount', { count: unread })}</span>
        </span>
      )}
    </span>
  );
}
