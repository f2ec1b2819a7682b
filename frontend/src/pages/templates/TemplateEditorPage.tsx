import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Trash2 } from 'lucide-react';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../auth/MeContext';
import { Button, buttonClass } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/Card';
import { ErrorState, LoadingState, useErrorMessage } from '../../components/States';
import { newIdempotencyKey } from '../../lib/idempotency';
import { templateKeys, useTemplate } from './api';
import { emptyTemplateValues, templateCreatePayload, templatePatchPayload, templateValuesFrom } from './formModel';
import { TemplateForm } from './TemplateForm';

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link to="/templates" className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {t('templates.backToList')}
    </Link>
  );
}

export function TemplateNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const defaults = useMemo(emptyTemplateValues, []);
  const key = useRef(newIdempotencyKey());
  return (
    <>
      <BackLink />
      <PageHeader title={t('templates.newTitle')} />
      <TemplateForm
        defaultValues={defaults}
        submitLabel={t('templates.create')}
        onCancel={() => navigate('/templates')}
        onSave={async (values) => {
          const body = templateCreatePayload(values);
          const created = await unwrap(api.POST('/templates', { body, headers: { 'Idempotency-Key': key.current.for(body) } }));
          queryClient.setQueryData(templateKeys.one(created.id), created);
          await queryClient.invalidateQueries({ queryKey: templateKeys.all });
          navigate(`/templates/${created.id}`, { replace: true });
        }}
      />
    </>
  );
}

export function TemplateEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { isAdmin } = useMe();
  const template = useTemplate(id);
  const [justSaved, setJustSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const errorMessage = useErrorMessage();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/templates/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: templateKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: templateKeys.all });
      navigate('/templates', { replace: true });
    },
  });

  if (template.isPending) return <LoadingState />;
  if (template.isError)
    return (
      <>
        <BackLink />
        <ErrorState error={template.error} onRetry={() => void template.refetch()} />
      </>
    );
  const tpl = template.data;
  return (
    <>
      <BackLink />
      <PageHeader
        title={isAdmin ? t('templates.editTitle', { name: tpl.name }) : tpl.name}
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
        title={t('templates.deleteTitle')}
        confirmLabel={t('common.delete')}
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          setConfirming(false);
          remove.reset();
        }}
      >
        {t('templates.deleteText', { name: tpl.name })}
      </ConfirmDialog>
      {justSaved && (
        <p role="status" className="mb-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          {t('templates.saved')}
        </p>
      )}
      <TemplateForm
        key={`${tpl.id}-${tpl.version}`}
        saved={tpl}
        readOnly={!isAdmin}
        defaultValues={templateValuesFrom(tpl)}
        submitLabel={t('common.save')}
        onCancel={() => navigate('/templates')}
        onReload={async () => {
          await template.refetch();
        }}
        onSave={async (values) => {
          setJustSaved(false);
          const updated = await unwrap(api.PATCH('/templates/{id}', { params: { path: { id } }, body: templatePatchPayload(values, tpl.version) }));
          queryClient.setQueryData(templateKeys.one(id), updated);
          await queryClient.invalidateQueries({ queryKey: ['templates', 'list'] });
          setJustSaved(true);
        }}
      />
    </>
  );
}
