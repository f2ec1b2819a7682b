import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, PageHeader } from '../components/Card';
import { navItemFor } from '../layout/nav';

export function NotAvailablePage() {
  const { t } = useTranslation();
  const item = navItemFor(useLocation().pathname);
  return (
    <>
      <PageHeader title={item ? t(item.label) : t('notAvailable.title')} />
      <Card>
        <p className="text-sm text-slate-700">{t('notAvailable.text')}</p>
      </Card>
    </>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <Card>
        <p className="text-sm text-slate-700">{t('notFound.text')}</p>
      </Card>
    </>
  );
}
