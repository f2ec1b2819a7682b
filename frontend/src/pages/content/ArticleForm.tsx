import { useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ExternalLink, ImagePlus, Trash2, Upload } from 'lucide-react';
import { LANGUAGES, type Article } from '../../api/types';
import { Button, buttonClass } from '../../components/Button';
import { Card } from '../../components/Card';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { useRevealErrors } from '../../lib/revealErrors';
import { uploadImage } from './api';
import { saveErrors } from './formErrors';
import { renderMarkdown } from './markdown';

export interface ArticleFormValues {
  title: string;
  slug: string;
  language: string;
  category: string;
  cover_image_url: string;
  body_markdown: string;
  published: boolean;
}

export function articleValuesFrom(a?: Article): ArticleFormValues {
  return {
    title: a?.title ?? '',
    slug: a?.slug ?? '',
    language: a?.language ?? 'id',
    category: a?.category ?? '',
    cover_image_url: a?.cover_image_url ?? '',
    body_markdown: a?.body_markdown ?? '',
    published: a?.published ?? false,
  };
}

const FIELDS = ['title', 'slug', 'language', 'category', 'cover_image_url', 'body_markdown', 'published'] as const;

interface Props {
  defaultValues: ArticleFormValues;
  saved?: Article;
  readOnly?: boolean;
  submitLabel: string;
  onSave: (values: ArticleFormValues) => Promise<void>;
  onCancel: () => void;
  onReload?: () => Promise<void>;
}

/** A file picker hidden behind a button; calls onFile with the chosen image. */
function ImagePicker({ id, label, icon, busy, onFile }: { id: string; label: string; icon: React.ReactNode; busy: boolean; onFile: (f: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        id={id}
        type="file"
        accept="image/jpeg,image/png,image/gif,image/webp"
        className="sr-only"
        tabIndex={-1}
        aria-label={label}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) onFile(f);
        }}
      />
      <Button onClick={() => input.current?.click()} disabled={busy}>
        {icon}
        {label}
      </Button>
    </>
  );
}

export function ArticleForm({ defaultValues, saved, readOnly, submitLabel, onSave, onCancel, onReload }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { ref: formRef, reveal } = useRevealErrors();
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState('');
  const [conflict, setConflict] = useState(false);
  const [uploading, setUploading] = useState<'' | 'cover' | 'body'>('');
  const [uploadError, setUploadError] = useState('');
  const bodyRef = useRef<HTMLTextAreaElement | null>(null);
  const { register, handleSubmit, setValue, getValues, control, formState: { errors, isSubmitting } } = useForm<ArticleFormValues>({ defaultValues });
  const [cover, body] = useWatch({ control, name: ['cover_image_url', 'body_markdown'] });
  const clear = (f: string) => serverErrors[f] && setServerErrors(({ [f]: _gone, ...rest }) => rest);

  const upload = async (file: File, target: 'cover' | 'body') => {
    setUploading(target);
    setUploadError('');
    try {
      const up = await uploadImage(file);
      if (target === 'cover') {
        setValue('cover_image_url', up.url, { shouldDirty: true });
        clear('cover_image_url');
        return;
      }
      const alt = file.name.replace(/\.[^.]*$/, '').replace(/[[\]()]/g, ' ').trim() || 'image';
      const text = getValues('body_markdown') ?? '';
      const el = bodyRef.current;
      const start = el?.selectionStart ?? text.length;
      const end = el?.selectionEnd ?? text.length;
      const snippet = `![${alt}](${up.url})`;
      const lead = start > 0 && !text.slice(0, start).endsWith('\n') ? '\n\n' : '';
      setValue('body_markdown', text.slice(0, start) + lead + snippet + '\n' + text.slice(end), { shouldDirty: true });
      clear('body_markdown');
    } catch (err) {
      setUploadError(errorMessage(err));
    } finally {
      setUploading('');
    }
  };

  const submit = handleSubmit(async (values) => {
    setBanner('');
    setConflict(false);
    setServerErrors({});
    try {
      await onSave(values);
    } catch (err) {
      reveal();
      const e = saveErrors(err, FIELDS, errorMessage, t('patients.form.fixFields'));
      setServerErrors(e.fields);
      setBanner(e.banner);
      setConflict(e.conflict);
    }
  });

  const titleError = errors.title?.message ?? serverErrors.title;
  const preview = renderMarkdown(body ?? '');

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
      <div className="flex min-w-0 flex-col gap-4">
        {conflict && (
          <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            <span>{t('content.conflict')}</span>
            {onReload && <Button onClick={() => void onReload().then(() => setConflict(false))}>{t('patients.form.reload')}</Button>}
          </div>
        )}
        {banner && <ErrorBanner message={banner} />}
        <Card title={t('content.articles.sections.article')}>
          <fieldset disabled={readOnly} className="grid gap-4 sm:grid-cols-2">
            <Field id="article-title" label={t('content.fields.title')} error={titleError} required className="sm:col-span-2">
              <input {...controlProps('article-title', titleError, undefined, true)} autoComplete="off"
                {...register('title', { required: t('patients.form.required'), onChange: () => clear('title') })} className={inputClass} />
            </Field>
            <Field id="article-slug" label={t('content.fields.slug')} error={serverErrors.slug} hint={t('content.articles.slugHint')}>
              <input {...controlProps('article-slug', serverErrors.slug, t('content.articles.slugHint'))} autoComplete="off" spellCheck={false}
                {...register('slug', { onChange: () => clear('slug') })} className={`${inputClass} font-mono`} />
            </Field>
            <Field id="article-language" label={t('content.fields.language')} error={serverErrors.language}>
              <select {...controlProps('article-language', serverErrors.language)} {...register('language', { onChange: () => clear('language') })} className={inputClass}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {t(`languages.${l}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="article-category" label={t('content.fields.category')} error={serverErrors.category}>
              <input {...controlProps('article-category', serverErrors.category)} autoComplete="off" {...register('category', { onChange: () => clear('category') })} className={inputClass} />
            </Field>
            <div className="flex items-end">
              <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
                <input type="checkbox" {...register('published')} className="size-4 accent-teal-700" />
                {t('content.fields.published')}
              </label>
            </div>
          </fieldset>
        </Card>

        <Card title={t('content.fields.cover_image_url')}>
          <div className="flex flex-col gap-3">
            {cover ? (
              <img src={cover} alt={t('content.articles.coverAlt')} className="max-h-56 w-full rounded-md bg-slate-100 object-cover" />
            ) : (
              <p className="text-sm text-slate-500">{t('content.articles.noCover')}</p>
            )}
            {!readOnly && (
              <div className="flex flex-wrap gap-2">
                <ImagePicker id="article-cover-file" label={uploading === 'cover' ? t('content.uploading') : t('content.articles.uploadCover')}
                  icon={<Upload aria-hidden="true" className="size-4" />} busy={uploading !== ''} onFile={(f) => void upload(f, 'cover')} />
                {cover && (
                  <Button variant="ghost" onClick={() => setValue('cover_image_url', '', { shouldDirty: true })}>
                    <Trash2 aria-hidden="true" className="size-4" />
                    {t('content.articles.removeCover')}
                  </Button>
                )}
              </div>
            )}
            {serverErrors.cover_image_url && <p id="article-cover-error" className="text-sm text-red-700">{serverErrors.cover_image_url}</p>}
          </div>
        </Card>

        <Card title={t('content.fields.body_markdown')}>
          {!readOnly && (
            <div className="mb-2 flex flex-wrap items-center gap-2">
              <ImagePicker id="article-body-file" label={uploading === 'body' ? t('content.uploading') : t('content.articles.insertImage')}
                icon={<ImagePlus aria-hidden="true" className="size-4" />} busy={uploading !== ''} onFile={(f) => void upload(f, 'body')} />
              <span className="text-xs text-slate-500">{t('content.articles.markdownHint')}</span>
            </div>
          )}
          {uploadError && <ErrorBanner message={uploadError} />}
          <Field id="article-body" label={t('content.articles.bodyLabel')} error={serverErrors.body_markdown}>
            {(() => {
              const reg = register('body_markdown', { onChange: () => clear('body_markdown') });
              return (
                <textarea {...controlProps('article-body', serverErrors.body_markdown)} rows={14} readOnly={readOnly} {...reg}
                  ref={(el) => { reg.ref(el); bodyRef.current = el; }} className={`${inputClass} font-mono`} />
              );
            })()}
          </Field>
          <p className="mt-1 text-right text-xs text-slate-500">{t('templates.characters', { n: (body ?? '').length })}</p>
        </Card>

        {!readOnly && (
          <div className="flex flex-wrap justify-end gap-2">
            <Button onClick={onCancel} disabled={isSubmitting}>{t('common.cancel')}</Button>
            <Button type="submit" variant="primary" disabled={isSubmitting || uploading !== ''}>
              {isSubmitting ? t('common.saving') : submitLabel}
            </Button>
          </div>
        )}
      </div>

      <div className="flex min-w-0 flex-col gap-4 lg:sticky lg:top-4">
        {saved?.published && (
          <a href={saved.public_url} target="_blank" rel="noopener noreferrer" className={buttonClass('secondary', 'self-start')}>
            <ExternalLink aria-hidden="true" className="size-4" />
            {t('content.articles.openPublic')}
          </a>
        )}
        <Card title={t('content.articles.preview')}>
          <p className="mb-2 text-xs text-slate-500">{t('content.articles.previewHint')}</p>
          {/* The preview renderer escapes the text before adding its own tags. */}
          <div data-testid="article-preview" className="prose-article" dangerouslySetInnerHTML={{ __html: preview }} />
        </Card>
        {saved && (
          <details className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
            <summary className="cursor-pointer font-semibold text-slate-900">{t('content.articles.savedVersion')}</summary>
            {/* Rendered and sanitised by the server. */}
            <div data-testid="article-saved-html" className="prose-article mt-3" dangerouslySetInnerHTML={{ __html: saved.body_html }} />
          </details>
        )}
      </div>
    </form>
  );
}
