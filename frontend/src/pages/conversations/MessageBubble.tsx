import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Bot, Sparkles, BellRing, UserRound } from 'lucide-react';
import type { Message } from '../../api/types';
import { focusRing } from '../../components/Button';
import { MessageStatusChip } from '../../components/StatusChip';
import { formatTime } from '../../lib/format';
import { IntentChip } from './Chips';
import { fullTime } from './time';

/** A new patient message without an intent yet is still being understood (older ones never will be). */
const UNDERSTANDING_MS = 2 * 60_000;

type Kind = 'patient' | 'ai' | 'reminder' | 'staff' | 'automatic' | 'other';

/** Who or what wrote an outbound message, for its label and colour. */
export function messageKind(m: Message): Kind {
  if (m.direction === 'inbound') return 'patient';
  if (m.ai_generated) return 'ai';
  if (m.source === 'reminder') return 'reminder';
  if (m.source === 'manual') return 'staff';
  if (m.automated || m.source === 'auto_reply' || m.source === 'consent' || m.source === 'workflow') return 'automatic';
  return 'other';
}

const STYLES: Record<Kind, string> = {
  patient: 'border-slate-200 bg-white',
  ai: 'border-violet-200 bg-violet-50',
  reminder: 'border-sky-200 bg-sky-50',
  staff: 'border-teal-300 bg-teal-50',
  automatic: 'border-dashed border-slate-300 bg-slate-50',
  other: 'border-slate-200 bg-slate-50',
};

const ICONS = { ai: Sparkles, reminder: BellRing, staff: UserRound, automatic: Bot } as const;

function kindLabel(kind: Kind, m: Message, t: TFunction): string {
  switch (kind) {
    case 'ai':
      return t('conversations.labels.ai');
    case 'reminder':
      return t('conversations.labels.reminder');
    case 'staff':
      return t('conversations.labels.staff');
    case 'automatic':
      return t('conversations.labels.automatic');
    default:
      return t(`source.${m.source}`, { defaultValue: m.source });
  }
}

interface Props {
  message: Message;
  timeZone: string;
  onOpen: (id: string) => void;
}

/** One message of a thread: the patient's on the left, the clinic's on the right. */
export function MessageBubble({ message: m, timeZone, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const kind = messageKind(m);
  const inbound = kind === 'patient';
  const urgent = inbound && m.intent === 'urgent';
  const Icon = kind in ICONS ? ICONS[kind as keyof typeof ICONS] : null;
  return (
    <li className={`flex ${inbound ? 'justify-start' : 'justify-end'}`} data-testid="thread-message" data-direction={m.direction} data-kind={kind}>
      <button
        type="button"
        onClick={() => onOpen(m.id)}
        className={`relative max-w-[85%] rounded-2xl border px-3 py-2 text-left shadow-xs sm:max-w-[75%] ${inbound ? 'rounded-bl-sm' : 'rounded-br-sm'} ${
          urgent ? 'border-red-300 bg-red-50' : STYLES[kind]
        } hover:brightness-[0.98] ${focusRing}`}
      >
        {inbound && <span className="sr-only">{t('conversations.labels.patient')}: </span>}
        {!inbound && (
          <span className="mb-1 flex items-center gap-1 text-xs font-medium text-slate-600">
            {Icon && <Icon aria-hidden="true" className="size-3.5" />}
            {kindLabel(kind, m, t)}
          </span>
        )}
        <span className="block whitespace-pre-wrap break-words text-sm text-slate-900">{m.body}</span>
        <span className="mt-1.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
          <time dateTime={m.created_at} title={fullTime(m.created_at, lang, timeZone)}>
            {formatTime(m.created_at, lang, timeZone)}
          </time>
          {inbound ? (
            <>
              <IntentChip intent={m.intent} />
              {m.intent_source && (
                <span>
                  {t(`conversations.intentSource.${m.intent_source}`, { defaultValue: m.intent_source })}
                  {m.intent_confidence !== null && m.intent_confidence !== undefined && ` · ${Math.round(m.intent_confidence * 100)}%`}
                </span>
              )}
              {!m.intent && Date.now() - new Date(m.created_at).getTime() < UNDERSTANDING_MS && <span className="italic">{t('conversations.understanding')}</span>}
            </>
          ) : (
            <>
              <MessageStatusChip status={m.status} />
              {m.skip_reason && <span className="text-amber-800">{t(`skipReason.${m.skip_reason}`, { defaultValue: m.skip_reason })}</span>}
              {m.status === 'failed' && m.error_message && <span className="text-red-800">{m.error_message}</span>}
            </>
          )}
        </span>
      </button>
    </li>
  );
}
