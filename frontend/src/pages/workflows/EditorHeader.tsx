import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, History, Power, PowerOff, Trash2 } from 'lucide-react';
import { Badge } from '../../components/Badge';
import { Button, buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useErrorMessage } from '../../components/States';
import { WorkflowActiveChip } from './Chips';
import type { Workflow } from './types';
import type { useEditorActions } from './useEditorActions';

interface Props {
  workflow?: Workflow;
  isAdmin: boolean;
  dirty: boolean;
  actions: ReturnType<typeof useEditorActions>;
}

export function BackToWorkflows() {
  const { t } = useTranslation();
  return (
    <Link to="/workflows" className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {t('workflows.backToList')}
    </Link>
  );
}

/** Title, state and version, and the actions on the saved workflow. */
export function EditorHeader({ workflow, isAdmin, dirty, actions }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [deleting, setDeleting] = useState(false);
  const w = workflow;
  return (
    <>
      <BackToWorkflows />
      <PageHeader
        title={w ? w.name : t('workflows.newTitle')}
        actions={
          w && (
            <>
              <Link to={`/workflows/${w.id}/executions`} className={buttonClass('secondary')}>
                <History aria-hidden="true" className="size-4" />
                {t('workflows.executions.title')}
              </Link>
              {isAdmin &&
                (w.is_active ? (
                  <Button disabled={actions.busy} onClick={() => actions.setActive(false)}>
                    <PowerOff aria-hidden="true" className="size-4" />
                    {t('workflows.deactivate')}
                  </Button>
                ) : (
                  <Button variant="primary" disabled={actions.busy || dirty} title={dirty ? t('workflows.editor.saveFirst') : undefined} onClick={() => actions.setActive(true)}>
                    <Power aria-hidden="true" className="size-4" />
                    {t('workflows.activate')}
                  </Button>
                ))}
              {isAdmin && (
                <Button variant="danger" onClick={() => setDeleting(true)}>
                  <Trash2 aria-hidden="true" className="size-4" />
                  {t('common.delete')}
                </Button>
              )}
            </>
          )
        }
      >
        {w && (
          <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <WorkflowActiveChip active={w.is_active} />
            <Badge tone="blue">{t('workflows.versionN', { version: w.version })}</Badge>
            {dirty && <Badge tone="amber">{t('workflows.editor.unsaved')}</Badge>}
          </div>
        )}
      </PageHeader>
      {w && (
        <ConfirmDialog
          open={deleting}
          title={t('workflows.deleteTitle')}
          confirmLabel={t('common.delete')}
          busy={actions.remove.isPending}
          error={actions.remove.isError ? errorMessage(actions.remove.error) : undefined}
          onConfirm={() => actions.remove.mutate()}
          onCancel={() => {
            setDeleting(false);
            actions.remove.reset();
          }}
        >
          {t('workflows.deleteText', { name: w.name })}
        </ConfirmDialog>
      )}
    </>
  );
}
