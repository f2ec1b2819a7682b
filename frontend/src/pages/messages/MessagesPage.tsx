import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/Card';
import { tabPanelProps, Tabs } from '../../components/Tabs';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { MESSAGE_FILTERS, MessageLog } from './MessageLog';
import { MessageStatsView } from './MessageStatsView';

export function MessagesPage() {
  const { t } = useTranslation();
  const [f, setFilters] = useUrlFilters(MESSAGE_FILTERS);
  const view = f.view === 'stats' ? 'stats' : 'log';
  return (
    <>
      <PageHeader title={t('nav.messages')} />
      <div className="mb-4">
        <Tabs
          idPrefix="messages-view"
          label={t('messages.views')}
          value={view}
          onChange={(v) => setFilters({ view: v === 'stats' ? 'stats' : '', id: '' })}
          tabs={[
            { id: 'log', label: t('messages.log') },
            { id: 'stats', label: t('messages.statistics') },
          ]}
        />
      </div>
      <div {...tabPanelProps('messages-view', view)}>
        {view === 'log' ? (
          <MessageLog filters={f} setFilters={setFilters} />
        ) : (
          <MessageStatsView from={f.from} to={f.to} onRange={(change) => setFilters(change)} />
        )}
      </div>
    </>
  );
}
