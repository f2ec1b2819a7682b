import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Search } from 'lucide-react';
import { focusRing } from '../../components/Button';
import { inputClass } from '../../components/Field';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useDebouncedInput } from '../../lib/useDebouncedInput';
import { pageNumber } from '../../lib/useUrlFilters';
import { inboxQuery, PER_PAGE, useConversations } from './api';
import { FlagChip, IntentChip, UnreadChip } from './Chips';
import { fullTime, relativeTime } from './time';
import { INBOX_FILTERS, type Conversation, type InboxFilter } from './types';

export interface InboxFilterValues {
  filter: string;
  search: string;
  page: string;
}

export function inboxFilter(v: string): InboxFilter {
  return (INBOX_FILTERS as readonly string[]).includes(v) ? (v as InboxFilter) : 'all';
}

interface Props {
  filters: InboxFilterValues;
  setFilters: (change: Partial<InboxFilterValues>) => void;
  selectedId?: string;
  /** The query string to keep on links to a thread (the list's filters). */
  search: string;
  timeZone: string;
}

function Row({ c, selected, href, timeZone }: { c: Conversation; selected: boolean; href: string; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const urgent = c.flag === 'urgent';
  const unread = c.unread_count > 0;
  return (
    <li data-testid="conversation-row" data-patient-id={c.patient_id}>
      <Link
        to={href}
        aria-current={selected ? 'page' : undefined}
        className={`block border-l-4 px-3 py-3 ${focusRing} ${
          selected ? 'border-l-teal-700 bg-teal-50' : urgent ? 'border-l-red-600 hover:bg-slate-50' : 'border-l-transparent hover:bg-slate-50'
        }`}
      >
        <div className="flex items-start justify-between gap-2">
          <p className={`min-w-0 truncate text-sm ${unread ? 'font-semibold text-slate-900' : 'font-medium text-slate-800'}`}>{c.patient_name}</p>
          <time dateTime={c.last_message_at ?? undefined} title={fullTime(c.last_message_at, lang, timeZone)} className="shrink-0 text-xs text-slate-500">
            {relativeTime(c.last_message_at, lang, timeZone)}
          </time>
        </div>
        <p className={`mt-0.5 line-clamp-2 break-words text-sm ${unread ? 'text-slate-800' : 'text-slate-600'}`}>
          {c.last_inbound_preview || <span className="italic text-slate-400">{t('conversations.noPreview')}</span>}
        </p>
        <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
          <FlagChip conversation={c} />
          {/* An urgent flag already says what an urgent message meant. */}
          {!(urgent && c.last_intent === 'urgent') && <IntentChip intent={c.last_intent} />}
          <span className="ml-auto">
            <UnreadChip count={c.unread_count} />
          </span>
        </div>
      </Link>
    </li>
  );
}

/** The inbox: urgent first, then unread or waiting for a reply, then the rest. */
export function ConversationList({ filters: f, setFilters, selectedId, search, timeZone }: Props) {
  const { t } = useTranslation();
  const filter = inboxFilter(f.filter);
  const [text, setText] = useDebouncedInput(f.search, (v) => setFilters({ search: v }));
  const list = useConversations(inboxQuery(filter, f.search, pageNumber(f.page)));
  const rows = list.data?.data ?? [];
  const filtered = filter !== 'all' || Boolean(f.search);

  return (
    <div className="flex min-h-0 flex-col">
      <div className="border-b border-slate-200 p-3">
        <label htmlFor="conversation-search" className="sr-only">
          {t('conversations.search')}
        </label>
        <div className="relative">
          <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-slate-400" />
          <input
            id="conversation-search"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('conversations.searchPlaceholder')}
            className={`${inputClass} pl-8`}
          />
        </div>
        <div role="group" aria-label={t('conversations.filterLabel')} className="mt-2 flex flex-wrap gap-1">
          {INBOX_FILTERS.map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={filter === v}
              onClick={() => setFilters({ filter: v === 'all' ? '' : v })}
              className={`rounded-full border px-2.5 py-1 text-xs font-medium ${focusRing} ${
                filter === v ? 'border-teal-700 bg-teal-700 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-100'
              }`}
            >
              {t(`conversations.filters.${v}`)}
            </button>
          ))}
        </div>
      </div>

      <div className="relative min-h-0 flex-1 overflow-y-auto" aria-busy={list.isFetching}>
        {list.isPending && <LoadingState />}
        {list.isError && !list.data && (
          <div className="p-3">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        )}
        {list.data && rows.length === 0 && (
          <EmptyState title={filtered ? t('conversations.noMatches') : t('conversations.empty')}>
            {!filtered && <p>{t('conversations.emptyHint')}</p>}
          </EmptyState>
        )}
        {rows.length > 0 && (
          <ul className="divide-y divide-slate-100" aria-label={t('conversations.inbox')}>
            {rows.map((c) => (
              <Row key={c.patient_id} c={c} selected={c.patient_id === selectedId} href={`/conversations/${c.patient_id}${search}`} timeZone={timeZone} />
            ))}
          </ul>
        )}
      </div>
      {list.data && list.data.total > PER_PAGE && (
        <Pagination page={list.data.page} perPage={list.data.per_page} total={list.data.total} onPage={(p) => setFilters({ page: String(p) })} />
      )}
    </div>
  );
}
