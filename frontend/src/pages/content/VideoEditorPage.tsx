import { useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useForm, useWatch } from 'react-hook-form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Trash2 } from 'lucide-react';
import { api, unwrap } from '../../api/client';
import { LANGUAGES, type Video, type VideoInput, type VideoPatch } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { Button } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useRevealErrors } from '../../lib/revealErrors';
import { contentKeys, useVideo } from './api';
import { BackToContent } from './ArticleEditorPage';
import { saveErrors } from './formErrors';
import { videoThumbnail } from './videoUrl';

interface VideoFormValues {
  title: string;
  url: string;
  description: string;
  thumbnail_url: string;
  language: string;
  published: boolean;
}

const FIELDS = ['title', 'url', 'description', 'thumbnail_url', 'language', 'published'] as const;

function valuesFrom(v?: Video): VideoFormValues {
  return { title: v?.title ?? '', url: v?.url ?? '', description: v?.description ?? '', language: v?.language ?? 'id', published: v?.published ?? false,
    // A thumbnail the server derived from the link is not the author's: it follows the link.
    thumbnail_url: v?.thumbnail_url && v.thumbnail_url !== videoThumbnail(v.url) ? v.thumbnail_url : '' };
}

function VideoForm({ saved, readOnly, submitLabel, onSave, onCancel }: { saved?: Video; readOnly?: boolean; submitLabel: string; onSave: (v: VideoFormValues) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { ref: formRef, reveal } = useRevealErrors();
  const defaults = useMemo(() => valuesFrom(saved), [saved]);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState('');
  const { register, handleSubmit, control, formState: { errors, isSubmitting } } = useForm<VideoFormValues>({ defaultValues: defaults });
  const [url, thumb] = useWatch({ control, name: ['url', 'thumbnail_url'] });
  const clear = (f: string) => serverErrors[f] && setServerErrors(({ [f]: _gone, ...rest }) => rest);
  const derived = videoThumbnail(url ?? '');
  const shown = (thumb ?? '').trim() || derived;
  const urlError = errors.url?.message ?? serverErrors.url;
  const titleError = errors.title?.message ?? serverErrors.title;
  const submit = handleSubmit(async (values) => {
    setBanner('');
    setServerErrors({});
    try {
      await onSave(values);
    } catch (err) {
      reveal();
      const e = saveErrors(err, FIELDS, errorMessage, t('patients.form.fixFields'));
      setServerErrors(e.fields);
      setBanner(e.conflict ? t('content.conflict') : e.banner);
    }
  });
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
      <div className="flex min-w-0 flex-col gap-4">
        {banner && <ErrorBanner message={banner} />}
        <Card>
          <fieldset disabled={readOnly} className="grid gap-4 sm:grid-cols-2">
            <Field id="video-title" label={t('content.fields.title')} error={titleError} required className="sm:col-span-2">
              <input {...controlProps('video-title', titleError, undefined, true)} autoComplete="off" {...register('title', { required: t('patients.form.required'), onChange: () => clear('title') })} className={inputClass} />
            </Field>
            <Field id="video-url" label={t('content.fields.url')} error={urlError} hint={t('content.videos.urlHint')} required className="sm:col-span-2">
              <input {...controlProps('video-url', urlError, t('content.videos.urlHint'), true)} type="url" inputMode="url" autoComplete="off" spellCheck={false}
                {...register('url', { required: t('patients.form.required'), validate: (v) => Boolean(videoThumbnail(v) || /vimeo\.com\/(video\/)?\d+/.test(v)) || t('content.videos.urlInvalid'), onChange: () => clear('url') })}
                className={`${inputClass} font-mono`} />
            </Field>
            <Field id="video-language" label={t('content.fields.language')} error={serverErrors.language}>
              <select {...controlProps('video-language', serverErrors.language)} {...register('language')} className={inputClass}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>{t(`languages.${l}`)}</option>
                ))}
              </select>
            </Field>
            <div className="flex items-end">
              <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
                <input type="checkbox" {...register('published')} className="size-4 accent-teal-700" />
                {t('content.fields.published')}
              </label>
            </div>
            <Field id="video-description" label={t('content.fields.description')} error={serverErrors.description} className="sm:col-span-2">
              <textarea {...controlProps('video-description', serverErrors.description)} rows={4} {...register('description', { onChange: () => clear('description') })} className={inputClass} />
            </Field>
            <Field id="video-thumbnail" label={t('content.fields.thumbnail_url')} error={serverErrors.thumbnail_url} hint={t('content.videos.thumbnailHint')} className="sm:col-span-2">
              <input {...controlProps('video-thumbnail', serverErrors.thumbnail_url, t('content.videos.thumbnailHint'))} type="url" autoComplete="off" {...register('thumbnail_url', { onChange: () => clear('thumbnail_url') })} className={`${inputClass} font-mono`} />
            </Field>
          </fieldset>
        </Card>
        {!readOnly && (
          <div className="flex flex-wrap justify-end gap-2">
            <Button onClick={onCancel} disabled={isSubmitting}>{t('common.cancel')}</Button>
            <Button type="submit" variant="primary" disabled={isSubmitting}>{isSubmitting ? t('common.saving') : submitLabel}</Button>
          </div>
        )}
      </div>
      <Card title={t('content.videos.thumbnail')}>
        {shown ? (
          <img data-testid="video-thumbnail" src={shown} alt={t('content.videos.thumbnail')} className="aspect-video w-full rounded-md bg-slate-100 object-cover" />
        ) : (
          <p className="text-sm text-slate-500">{t('content.videos.noThumbnail')}</p>
        )}
        {saved && (
          <a href={saved.url} target="_blank" rel="noopener noreferrer" className="mt-2 inline-block text-sm text-teal-800 underline">
            {t('content.videos.watch')}
          </a>
        )}
      </Card>
    </form>
  );
}

function createPayload(v: VideoFormValues): VideoInput {
  const body: VideoInput = { title: v.title.trim(), url: v.url.trim(), language: v.language as VideoInput['language'], published: v.published };
  if (v.description.trim()) body.description = v.description;
  if (v.thumbnail_url.trim()) body.thumbnail_url = v.thumbnail_url.trim();
  return body;
}

export function VideoNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = useRef(newIdempotencyKey());
  return (
    <>
      <BackToContent tab="videos" />
      <PageHeader title={t('content.videos.newTitle')} />
      <VideoForm
        submitLabel={t('content.videos.create')}
        onCancel={() => navigate('/content?tab=videos')}
        onSave={async (values) => {
          const body = createPayload(values);
          const created = await unwrap(api.POST('/videos', { body, headers: { 'Idempotency-Key': key.current.for(body) } }));
          queryClient.setQueryData(contentKeys.video(created.id), created);
          await queryClient.invalidateQueries({ queryKey: contentKeys.videos });
          navigate(`/content/videos/${created.id}`, { replace: true });
        }}
      />
    </>
  );
}

export function VideoEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { isAdmin } = useMe();
  const video = useVideo(id);
  const [confirming, setConfirming] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const errorMessage = useErrorMessage();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/videos/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: contentKeys.video(id) });
      await queryClient.invalidateQueries({ queryKey: contentKeys.videos });
      navigate('/content?tab=videos', { replace: true });
    },
  });
  if (video.isPending) return <LoadingState />;
  if (video.isError)
    return (
      <>
        <BackToContent tab="videos" />
        <ErrorState error={video.error} onRetry={() => void video.refetch()} />
      </>
    );
  const v = video.data;
  return (
    <>
      <BackToContent tab="videos" />
      <PageHeader title={v.title} actions={isAdmin && (
        <Button variant="danger" onClick={() => setConfirming(true)}>
          <Trash2 aria-hidden="true" className="size-4" />
          {t('common.delete')}
        </Button>
      )} />
      <ConfirmDialog open={confirming} title={t('content.videos.deleteTitle')} confirmLabel={t('common.delete')} busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined} onConfirm={() => remove.mutate()}
        onCancel={() => { setConfirming(false); remove.reset(); }}>
        {t('content.videos.deleteText', { title: v.title })}
      </ConfirmDialog>
      {justSaved && <p role="status" className="mb-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">{t('content.saved')}</p>}
      <VideoForm
        key={`${v.id}-${v.version}`}
        saved={v}
        readOnly={!isAdmin}
        submitLabel={t('common.save')}
        onCancel={() => navigate('/content?tab=videos')}
        onSave={async (values) => {
          setJustSaved(false);
          const body: VideoPatch = { title: values.title.trim(), url: values.url.trim(), language: values.language as VideoPatch['language'],
            description: values.description || null, thumbnail_url: values.thumbnail_url.trim() || null, published: values.published, version: v.version };
          const updated = await unwrap(api.PATCH('/videos/{id}', { params: { path: { id } }, body }));
          queryClient.setQueryData(contentKeys.video(id), updated);
          await queryClient.invalidateQueries({ queryKey: ['videos', 'list'] });
          setJustSaved(true);
        }}
      />
    </>
  );
}
