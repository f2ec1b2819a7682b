import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft } from 'lucide-react';
import { buttonClass } from '../../components/Button';
import { NotAllowed } from '../webhooks/access';

/** What a volunteer (or anyone the API refuses) sees instead of the event subscriptions. */
export function SubsNotAllowed() {
  const { t } = useTranslation();
  return <NotAllowed text={t('eventSubs.notAllowed')} testId="event-subs-not-allowed" />;
}

export function BackToSubs() {
  const { t } = useTranslation();
  return (
    <Link to="/event-subscriptions" className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {t('eventSubs.backToList')}
    </Link>
  );
}
