import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { zoneLabel } from '../../lib/format';
import { MessageDrawer } from '../messages/MessageDrawer';
import { TimelineItem } from './TimelineItem';
import { useTimeline } from './timelineApi';

/** The patient's history, newest first: messages, reminder doses, confirmations and record changes. */
export function PatientTimeline({ patientId, timeZone }: { patientId: string; timeZone?: string }) {
  const { t, i18n } = useTranslation();
  const timeline = useTimeline(patientId);
  const [openMessage, setOpenMessage] = useState('');
  const entries = timeline.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card title={t('patients.timeline')}>
      {timeZone && entries.length > 0 && (
        <p className="mb-3 text-xs text-slate-600">{t('messages.timesIn', { zone: zoneLabel(timeZone, i18n.language) })}</p>
      )}
      {timeline.isPending && <LoadingState />}
      {timeline.isError && !timeline.data && <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />}
      {timeline.data && entries.length === 0 && <EmptyState title={t('patients.timelineEmpty')} />}
      {entries.length > 0 && (
        <ol className="relative ml-2 border-l border-slate-200">
          {entries.map((e) => (
            <TimelineItem key={`${e.kind}-${e.id}`} entry={e} timeZone={timeZone} onOpenMessage={setOpenMessage} />
          ))}
        </ol>
      )}
      {timeline.isFetchNextPageError && <ErrorState error={timeline.error} onRetry={() => void timeline.fetchNextPage()} />}
      {timeline.hasNextPage && !timeline.isFetchNextPageError && (
        <Button className="mt-1" disabled={timeline.isFetchingNextPage} onClick={() => void timeline.fetchNextPage()}>
          {timeline.isFetchingNextPage ? t('common.loading') : t('timeline.showOlder')}
        </Button>
      )}
      {openMessage && (
        <MessageDrawer id={openMessage} timeZone={timeZone} onClose={() => setOpenMessage('')} canRetry={false} retrying={false} onRetry={() => {}} />
      )}
    </Card>
  );
}
