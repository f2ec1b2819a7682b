import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft } from 'lucide-react';
import { buttonClass } from '../../components/Button';
import { NotAllowed } from '../webhooks/access';

/** What a volunteer (or anyone the API refuses) sees instead of the API keys. */
export function ApiKeysNotAllowed() {
  const { t } = useTranslation();
  return <NotAllowed text={t('apiKeys.notAllowed')} testId="api-keys-not-allowed" />;
}

export function BackToApiKeys() {
  const { t } = useTranslation();
  return (
    <Link to="/api-keys" className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {t('apiKeys.backToList')}
    </Link>
  );
}
