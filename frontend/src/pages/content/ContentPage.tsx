import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ExternalLink, Plus } from 'lucide-react';
import { LANGUAGES, type ArticleListQuery, type VideoListQuery } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { Badge } from '../../components/Badge';
import { buttonClass, focusRing } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { Pagination } from '../../components/Pagination';
import { SelectFilter } from '../../components/SelectField';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { tabPanelProps, Tabs } from '../../components/Tabs';
import { formatDate } from '../../lib/format';
import { useArticles, useVideos } from './api';

const PER_PAGE = 25;
type Tab = 'articles' | 'videos';

function Filters({ idPrefix, language, published, onLanguage, onPublished }: {
  idPrefix: string;
  language: string;
  published: string;
  onLanguage: (v: string) => void;
  onPublished: (v: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <SelectFilter id={`${idPrefix}-language`} label={t('content.fields.language')} value={language} onChange={onLanguage}>
        <option value="">{t('common.all')}</option>
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </SelectFilter>
      <SelectFilter id={`${idPrefix}-published`} label={t('content.fields.status')} value={published} onChange={onPublished}>
        <option value="">{t('common.all')}</option>
        <option value="true">{t('content.published')}</option>
        <option value="false">{t('content.draft')}</option>
      </SelectFilter>
    </div>
  );
}

export function PublishedBadge({ published }: { published: boolean }) {
  const { t } = useTranslation();
  return <Badge tone={published ? 'green' : 'gray'}>{published ? t('content.published') : t('content.draft')}</Badge>;
}

function ArticlesTab() {
  const { t, i18n } = useTranslation();
  const { isAdmin } = useMe();
  const [language, setLanguage] = useState('');
  const [published, setPublished] = useState('');
  const [page, setPage] = useState(1);
  const query: ArticleListQuery = { page, per_page: PER_PAGE, sort: '-updated_at' };
  if (language) query.language = language as ArticleListQuery['language'];
  if (published) query.published = published === 'true';
  const list = useArticles(query);
  const rows = list.data?.data ?? [];
  const filtered = Boolean(language || published);
  return (
    <>
      <Card className="mt-4">
        <Filters idPrefix="article" language={language} published={published} onLanguage={(v) => { setLanguage(v); setPage(1); }} onPublished={(v) => { setPublished(v); setPage(1); }} />
      </Card>
      <Card className="mt-4 p-0!">
        {list.isPending && <LoadingState />}
        {list.isError && (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        )}
        {list.data && rows.length === 0 && (
          <EmptyState title={filtered ? t('content.articles.noMatches') : t('content.articles.empty')}>{!filtered && isAdmin && <p>{t('content.articles.emptyHint', { link: '{{link}}' })}</p>}</EmptyState>
        )}
        {rows.length > 0 && (
          <div aria-busy={list.isFetching}>
            <ul className="divide-y divide-slate-100">
              {rows.map((a) => (
                <li key={a.id} className="flex items-start gap-3 p-3">
                  {a.cover_image_url ? (
                    <img src={a.cover_image_url} alt="" className="size-14 shrink-0 rounded-md bg-slate-100 object-cover" />
                  ) : (
                    <div aria-hidden="true" className="size-14 shrink-0 rounded-md bg-slate-100" />
                  )}
                  <div className="min-w-0 flex-1">
                    <Link to={`/content/articles/${a.id}`} className={`font-medium break-words text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                      {a.title}
                    </Link>
                    <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
                      <PublishedBadge published={a.published} />
                      <Badge tone="blue">
                        <abbr title={t(`languages.${a.language}`)} className="no-underline">
                          {a.language.toUpperCase()}
                        </abbr>
                      </Badge>
                      {a.category && <span>{a.category}</span>}
                      <span>· {formatDate(a.updated_at, i18n.language)}</span>
                    </div>
                  </div>
                  {a.published && (
                    <a href={a.public_url} target="_blank" rel="noopener noreferrer" className={buttonClass('ghost', 'shrink-0 px-2')} aria-label={t('content.articles.openPublicFor', { title: a.title })}>
                      <ExternalLink aria-hidden="true" className="size-4" />
                    </a>
                  )}
                </li>
              ))}
            </ul>
            <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? PER_PAGE} total={list.data?.total ?? 0} onPage={setPage} />
          </div>
        )}
      </Card>
    </>
  );
}

function VideosTab() {
  const { t } = useTranslation();
  const { isAdmin } = useMe();
  const [language, setLanguage] = useState('');
  const [published, setPublished] = useState('');
  const [page, setPage] = useState(1);
  const query: VideoListQuery = { page, per_page: PER_PAGE, sort: '-updated_at' };
  if (language) query.language = language as VideoListQuery['language'];
  if (published) query.published = published === 'true';
  const list = useVideos(query);
  const rows = list.data?.data ?? [];
  const filtered = Boolean(language || published);
  return (
    <>
      <Card className="mt-4">
        <Filters idPrefix="video" language={language} published={published} onLanguage={(v) => { setLanguage(v); setPage(1); }} onPublished={(v) => { setPublished(v); setPage(1); }} />
      </Card>
      <Card className="mt-4 p-0!">
        {list.isPending && <LoadingState />}
        {list.isError && (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        )}
        {list.data && rows.length === 0 && (
          <EmptyState title={filtered ? t('content.videos.noMatches') : t('content.videos.empty')}>{!filtered && isAdmin && <p>{t('content.videos.emptyHint')}</p>}</EmptyState>
        )}
        {rows.length > 0 && (
          <div aria-busy={list.isFetching}>
            <ul className="divide-y divide-slate-100">
              {rows.map((v) => (
                <li key={v.id} className="flex items-start gap-3 p-3">
                  {v.thumbnail_url ? (
                    <img src={v.thumbnail_url} alt="" className="h-14 w-24 shrink-0 rounded-md bg-slate-100 object-cover" />
                  ) : (
                    <div aria-hidden="true" className="h-14 w-24 shrink-0 rounded-md bg-slate-100" />
                  )}
                  <div className="min-w-0 flex-1">
                    <Link to={`/content/videos/${v.id}`} className={`font-medium break-words text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                      {v.title}
                    </Link>
                    <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
                      <PublishedBadge published={v.published} />
                      <Badge tone="blue">{v.language.toUpperCase()}</Badge>
                      <span>{v.provider === 'vimeo' ? 'Vimeo' : 'YouTube'}</span>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
            <Pagination page={list.data?.page ?? page} perPage={list.data?.per_page ?? PER_PAGE} total={list.data?.total ?? 0} onPage={setPage} />
          </div>
        )}
      </Card>
    </>
  );
}

export function ContentPage() {
  const { t } = useTranslation();
  const { isAdmin } = useMe();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'videos' ? 'videos' : 'articles';
  return (
    <>
      <PageHeader
        title={t('nav.content')}
        actions={
          isAdmin && (
            <Link to={tab === 'videos' ? '/content/videos/new' : '/content/articles/new'} className={buttonClass('primary')}>
              <Plus aria-hidden="true" className="size-4" />
              {tab === 'videos' ? t('content.videos.new') : t('content.articles.new')}
            </Link>
          )
        }
      />
      <Tabs
        idPrefix="content"
        label={t('nav.content')}
        value={tab}
        onChange={(v) => setParams(v === 'videos' ? { tab: 'videos' } : {}, { replace: true })}
        tabs={[
          { id: 'articles', label: t('content.tabs.articles') },
          { id: 'videos', label: t('content.tabs.videos') },
        ]}
      />
      <div {...tabPanelProps('content', tab)}>{tab === 'articles' ? <ArticlesTab /> : <VideosTab />}</div>
    </>
  );
}
