import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from '../../components/Badge';
import type { Conversation } from './types';

const INTENT_TONES: Record<string, Tone> = {
  confirm: 'green',
  not_yet: 'amber',
  reschedule: 'blue',
  question: 'blue',
  opt_out: 'gray',
  urgent: 'red',
  greeting: 'gray',
  other: 'gray',
};

/** What the patient meant (confirm, question, urgent …) as a chip. */
export function IntentChip({ intent }: { intent?: string | null }) {
  const { t } = useTranslation();
  if (!intent) return null;
  return <Badge tone={INTENT_TONES[intent] ?? 'gray'}>{t(`conversations.intent.${intent}`, { defaultValue: intent })}</Badge>;
}

/** The conversation's flag (urgent, needs reply) or that it is resolved. */
export function FlagChip({ conversation: c }: { conversation: Pick<Conversation, 'flag' | 'status'> }) {
  const { t } = useTranslation();
  if (c.flag === 'urgent') return <Badge tone="red">{t('conversations.flag.urgent')}</Badge>;
  if (c.flag === 'needs_reply') return <Badge tone="amber">{t('conversations.flag.needs_reply')}</Badge>;
  if (c.status === 'resolved') return <Badge tone="green">{t('conversations.resolved')}</Badge>;
  return null;
}

/** Unread messages as a small round count. */
export function UnreadChip({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count <= 0) return null;
  return (
    <span className="inline-flex min-w-5 items-center justify-center rounded-full bg-teal-700 px-1.5 py-0.5 text-xs font-semibold text-white">
      <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
      <span className="sr-only">{t('conversations.unreadCount', { count })}</span>
    </span>
  );
}
