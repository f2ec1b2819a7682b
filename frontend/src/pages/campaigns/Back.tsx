import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft } from 'lucide-react';
import { buttonClass } from '../../components/Button';

/** Back to the list, or to one campaign. */
export function BackLink({ to = '/campaigns', label }: { to?: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <Link to={to} className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {label ?? t('campaigns.backToList')}
    </Link>
  );
}
