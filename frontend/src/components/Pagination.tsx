import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';
import { Button } from './Button';

interface Props {
  page: number;
  perPage: number;
  total: number;
  onPage: (page: number) => void;
}

export function Pagination({ page, perPage, total, onPage }: Props) {
  const { t, i18n } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / Math.max(1, perPage)));
  const from = total === 0 ? 0 : (page - 1) * perPage + 1;
  const to = Math.min(total, page * perPage);
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <nav aria-label={t('pagination.label')} className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-3 py-3 text-sm text-slate-700">
      <p>{t('pagination.showing', { from: n(from), to: n(to), total: n(total) })}</p>
      <div className="flex items-center gap-2">
        <Button onClick={() => onPage(page - 1)} disabled={page <= 1}>
          {t('pagination.previous')}
        </Button>
        <span>{t('pagination.page', { page: n(page), pages: n(pages) })}</span>
        <Button onClick={() => onPage(page + 1)} disabled={page >= pages}>
          {t('pagination.next')}
        </Button>
      </div>
    </nav>
  );
}
