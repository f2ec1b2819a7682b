import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft } from 'lucide-react';
import { buttonClass } from '../../components/Button';

export function BackToWebhooks() {
  const { t } = useTranslation();
  return (
    <Link to="/webhooks" className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {t('webhooks.backToList')}
    </Link>
  );
}
