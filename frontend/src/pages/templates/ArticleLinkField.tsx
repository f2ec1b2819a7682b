import type { UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { controlProps, Field, inputClass } from '../../components/Field';
import { useArticle, useArticles } from '../content/api';

interface Props {
  registration: UseFormRegisterReturn<'link_article_id'>;
  /** The article the saved template links, listed even when it is not published. */
  current: string;
  error?: string;
  className?: string;
}

/** "Link to article": the published article whose public page {{link}} becomes. */
export function ArticleLinkField({ registration, current, error, className }: Props) {
  const { t } = useTranslation();
  const articles = useArticles({ published: true, per_page: 100, sort: 'title' });
  const rows = articles.data?.data ?? [];
  const missing = Boolean(current) && articles.isSuccess && !rows.some((a) => a.id === current);
  const linked = useArticle(current, { enabled: missing });
  const hint = t('templates.linkArticleHint', { link: '{{link}}' });
  return (
    <Field id="template-link-article" label={t('templates.fields.link_article_id')} error={error} hint={hint} className={className}>
      <select {...controlProps('template-link-article', error, hint)} {...registration} className={inputClass}>
        <option value="">{t('templates.noLinkArticle')}</option>
        {missing && <option value={current}>{linked.data ? `${linked.data.title} (${t('content.draft')})` : t('common.loading')}</option>}
        {rows.map((a) => (
          <option key={a.id} value={a.id}>
            {a.title} ({a.language.toUpperCase()})
          </option>
        ))}
      </select>
    </Field>
  );
}
