import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import { LANGUAGES, TEMPLATE_KINDS, type TemplateListQuery } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { Badge } from '../../components/Badge';
import { buttonClass, focusRing } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { inputClass } from '../../components/Field';
import { Pagination } from '../../components/Pagination';
import { SelectFilter } from '../../components/SelectField';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDate } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';
import { useTemplates } from './api';

const PER_PAGE = 25;
const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-top text-sm text-slate-800';

export function TemplatesListPage() {
  const { t, i18n } = useTranslation();
  const { isAdmin } = useMe();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState('');
  const [page, setPage] = useState(1);
  const debounced = useDebounced(search.trim(), 300);
  const query: TemplateListQuery = { page, per_page: PER_PAGE, sort: 'name' };
  if (debounced) query.search = debounced;
  if (kind) query.kind = kind as TemplateListQuery['kind'];
  const list = useTemplates(query);
  const rows = list.data?.data ?? [];
  const filtered = Boolean(debounced || kind);

  return (
    <>
      <PageHeader
        title={t('nav.templates')}
        actions={
          isAdmin && (
            <Link to="/templates/new" className={buttonClass('primary')}>
              <Plus aria-hidden="true" className="size-4" />
              {t('templates.new')}
            </Link>
          )
        }
      />
      <Card>
        <div className="grid gap-3 sm:grid-cols-3">
          <div className="sm:col-span-2">
            <label htmlFor="template-search" className="mb-1 block text-sm font-medium text-slate-700">
              {t('patients.search')}
            </label>
            <input
              id="template-search"
              type="search"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
              className={inputClass}
            />
          </div>
          <SelectFilter
            id="template-kind-filter"
            label={t('templates.fields.kind')}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
          >
            <option value="">{t('common.all')}</option>
            {TEMPLATE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`templates.kinds.${k}`)}
              </option>
            ))}
          </SelectFilter>
        </div>
      </Card>
      <Card className="mt-4 p-0!">
        {list.isPending && <LoadingState />}
        {list.isError && (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        )}
        {list.data && rows.length === 0 && (
          <EmptyState title={filtered ? t('templates.noMatches') : t('templates.empty')}>{!filtered && isAdmin && <p>{t('templates.emptyHint', { first_name: '{{first_name}}' })}</p>}</EmptyState>
        )}
        {rows.length > 0 && (
          <div aria-busy={list.isFetching}>
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200">
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className={th}>{t('templates.fields.name')}</th>
                    <th scope="col" className={th}>{t('templates.fields.kind')}</th>
                    <th scope="col" className={th}>{t('templates.languages')}</th>
                    <th scope="col" className={`${th} hidden md:table-cell`}>{t('templates.fields.kakao_template_code')}</th>
                    <th scope="col" className={`${th} hidden lg:table-cell`}>{t('patients.fields.updated_at')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 bg-white">
                  {rows.map((tpl) => (
                    <tr key={tpl.id}>
                      <td className={td}>
                        <Link to={`/templates/${tpl.id}`} className={`font-medium text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                          {tpl.name}
                        </Link>
                      </td>
                      <td className={td}>{t(`templates.kinds.${tpl.kind}`, { defaultValue: tpl.kind })}</td>
                      <td className={td}>
                        <span className="flex flex-wrap gap-1">
                          {LANGUAGES.filter((l) => tpl.bodies?.[l]).map((l) => (
                            <Badge key={l} tone="blue">
                              <abbr title={t(`languages.${l}`)} className="no-underline">
                                {l.toUpperCase()}
                              </abbr>
                            </Badge>
                          ))}
                        </span>
                      </td>
                      <td className={`${td} hidden font-mono md:table-cell`}>{tpl.kakao_template_code ?? '—'}</td>
                      <td className={`${td} hidden whitespace-nowrap lg:table-cell`}>{formatDate(tpl.updated_at, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? PER_PAGE} total={list.data?.total ?? 0} onPage={setPage} />
          </div>
        )}
      </Card>
    </>
  );
}
