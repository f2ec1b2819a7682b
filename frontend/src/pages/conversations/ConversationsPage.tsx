import { useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MessagesSquare } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { PageHeader } from '../../components/Card';
import { tabPanelProps, Tabs } from '../../components/Tabs';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { ConversationList } from './ConversationList';
import { ConversationThread } from './ConversationThread';
import { UnknownSenders } from './UnknownSenders';

const FILTER_KEYS = ['filter', 'search', 'page', 'view'] as const;

/**
 * The inbox and a thread: side by side on wide screens; on a phone the list
 * (/conversations) and the thread (/conversations/:patientId) are separate screens.
 */
export function ConversationsPage() {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const { isAdmin, tenant } = useMe();
  const tz = tenant.timezone || 'UTC';
  const [f, setFilters] = useUrlFilters(FILTER_KEYS);
  const view = isAdmin && f.view === 'unknown' && !patientId ? 'unknown' : 'inbox';
  // Links between the list and a thread keep the list's filters.
  const listSearch = new URLSearchParams(search);
  listSearch.delete('view');
  const keep = listSearch.toString() ? `?${listSearch.toString()}` : '';

  return (
    <>
      <div className={patientId ? 'sr-only lg:not-sr-only' : ''}>
        <PageHeader title={t('nav.conversations')} />
      </div>
      {isAdmin && (
        <div className={`mb-4 ${patientId ? 'hidden lg:block' : ''}`}>
          <Tabs
            idPrefix="conversations-view"
            label={t('conversations.views')}
            value={view}
            onChange={(v) => (v === 'unknown' ? navigate('/conversations?view=unknown') : setFilters({ view: '' }))}
            tabs={[
              { id: 'inbox', label: t('conversations.inbox') },
              { id: 'unknown', label: t('conversations.unknown.tab') },
            ]}
          />
        </div>
      )}
      <div {...(isAdmin ? tabPanelProps('conversations-view', view) : {})}>
        {view === 'unknown' ? (
          <UnknownSenders timeZone={tz} />
        ) : (
          <div className={`overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm lg:grid lg:min-h-[32rem] ${isAdmin ? 'lg:h-[calc(100dvh-12.75rem)]' : 'lg:h-[calc(100dvh-9.75rem)]'} lg:grid-cols-[minmax(18rem,22rem)_1fr]`}>
            <section aria-label={t('conversations.inbox')} className={`${patientId ? 'hidden lg:flex' : 'flex'} min-h-0 flex-col lg:border-r lg:border-slate-200`}>
              <ConversationList filters={f} setFilters={setFilters} selectedId={patientId} search={keep} timeZone={tz} />
            </section>
            <section aria-label={t('conversations.thread')} className={`${patientId ? 'flex' : 'hidden lg:flex'} min-h-0 min-w-0 flex-col`}>
              {patientId ? (
                <ConversationThread key={patientId} patientId={patientId} timeZone={tz} backTo={`/conversations${keep}`} />
              ) : (
                <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center text-sm text-slate-600">
                  <MessagesSquare aria-hidden="true" className="size-8 text-slate-400" />
                  <p>{t('conversations.pickOne')}</p>
                </div>
              )}
            </section>
          </div>
        )}
      </div>
    </>
  );
}
