import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Trash2 } from 'lucide-react';
import { api, unwrap } from '../../api/client';
import type { ArticleInput, ArticlePatch } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { Button, buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { newIdempotencyKey } from '../../lib/idempotency';
import { contentKeys, useArticle } from './api';
import { ArticleForm, articleValuesFrom, type ArticleFormValues } from './ArticleForm';

export function BackToContent({ tab }: { tab?: 'videos' }) {
  const { t } = useTranslation();
  return (
    <Link to={tab ? '/content?tab=videos' : '/content'} className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {t('content.backToList')}
    </Link>
  );
}

function createPayload(v: ArticleFormValues): ArticleInput {
  const body: ArticleInput = { title: v.title.trim(), language: v.language as ArticleInput['language'], published: v.published };
  if (v.slug.trim()) body.slug = v.slug.trim();
  if (v.category.trim()) body.category = v.category.trim();
  if (v.cover_image_url.trim()) body.cover_image_url = v.cover_image_url.trim();
  if (v.body_markdown.trim()) body.body_markdown = v.body_markdown;
  return body;
}

function patchPayload(v: ArticleFormValues, version: number): ArticlePatch {
  return {
    title: v.title.trim(),
    slug: v.slug.trim(),
    language: v.language as ArticlePatch['language'],
    category: v.category.trim() || null,
    cover_image_url: v.cover_image_url.trim() || null,
    body_markdown: v.body_markdown,
    published: v.published,
    version,
  };
}

export function ArticleNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const defaults = useMemo(() => articleValuesFrom(), []);
  const key = useRef(newIdempotencyKey());
  return (
    <>
      <BackToContent />
      <PageHeader title={t('content.articles.newTitle')} />
      <ArticleForm
        defaultValues={defaults}
        submitLabel={t('content.articles.create')}
        onCancel={() => navigate('/content')}
        onSave={async (values) => {
          const body = createPayload(values);
          const created = await unwrap(api.POST('/articles', { body, headers: { 'Idempotency-Key': key.current.for(body) } }));
          queryClient.setQueryData(contentKeys.article(created.id), created);
          await queryClient.invalidateQueries({ queryKey: contentKeys.articles });
          navigate(`/content/articles/${created.id}`, { replace: true, state: { saved: true } });
        }}
      />
    </>
  );
}

export function ArticleEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { isAdmin } = useMe();
  const article = useArticle(id);
  const [justSaved, setJustSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const errorMessage = useErrorMessage();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/articles/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: contentKeys.article(id) });
      await queryClient.invalidateQueries({ queryKey: contentKeys.articles });
      navigate('/content', { replace: true });
    },
  });
  if (article.isPending) return <LoadingState />;
  if (article.isError)
    return (
      <>
        <BackToContent />
        <ErrorState error={article.error} onRetry={() => void article.refetch()} />
      </>
    );
  const art = article.data;
  return (
    <>
      <BackToContent />
      <PageHeader
        title={art.title}
        actions={
          isAdmin && (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              <Trash2 aria-hidden="true" className="size-4" />
              {t('common.delete')}
            </Button>
          )
        }
      />
      <ConfirmDialog
        open={confirming}
        title={t('content.articles.deleteTitle')}
        confirmLabel={t('common.delete')}
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          setConfirming(false);
          remove.reset();
        }}
      >
        {t('content.articles.deleteText', { title: art.title })}
      </ConfirmDialog>
      {justSaved && (
        <p role="status" className="mb-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          {t('content.saved')}
        </p>
      )}
      <ArticleForm
        key={`${art.id}-${art.version}`}
        saved={art}
        readOnly={!isAdmin}
        defaultValues={articleValuesFrom(art)}
        submitLabel={t('common.save')}
        onCancel={() => navigate('/content')}
        onReload={async () => {
          await article.refetch();
        }}
        onSave={async (values) => {
          setJustSaved(false);
          const updated = await unwrap(api.PATCH('/articles/{id}', { params: { path: { id } }, body: patchPayload(values, art.version) }));
          queryClient.setQueryData(contentKeys.article(id), updated);
          await queryClient.invalidateQueries({ queryKey: ['articles', 'list'] });
          setJustSaved(true);
        }}
      />
    </>
  );
}
