import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckCircle2, ShieldCheck } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/States';
import { tabPanelProps, Tabs } from '../../components/Tabs';
import { useTemplates } from '../templates/api';
import { CanvasContext } from './canvasContext';
import { definitionOf, draftFrom, snapshot } from './draftModel';
import { EditorHeader } from './EditorHeader';
import { LinearEditor } from './LinearEditor';
import { RunPanel } from './RunPanel';
import { SimulatorPanel } from './SimulatorPanel';
import { DetailsFields } from './TriggerFields';
import type { Workflow } from './types';
import { useDraft } from './useDraft';
import { useEditorActions, type Notice } from './useEditorActions';
import { useIsPhone } from './useIsPhone';
import { VisualEditor } from './VisualEditor';

interface Props {
  workflow?: Workflow;
  initialNotice?: Notice;
  /** Fetches the latest version after a conflict. */
  onReload?: () => Promise<Workflow | undefined>;
}

type Tab = 'visual' | 'linear';

/** The workflow editor: details and trigger, the diagram or the linear steps, validation, saving, a simulator and manual runs. */
export function WorkflowEditor({ workflow, initialNotice = '', onReload }: Props) {
  const { t } = useTranslation();
  const { user, isAdmin, tenant } = useMe();
  const phone = useIsPhone();
  const initial = useMemo(() => draftFrom(workflow), [workflow]);
  const [draft, ops] = useDraft(initial);
  const dirty = !workflow || snapshot(draft) !== snapshot(initial);
  const actions = useEditorActions(workflow, draft, ops.reset, initialNotice);
  const [tab, setTab] = useState<Tab>('visual');
  const [confirmSave, setConfirmSave] = useState(false);
  const readOnly = !isAdmin;
  const canRun = user.role === 'admin' || user.role === 'volunteer';
  const templates = useTemplates({ per_page: 100, sort: 'name' });
  const info = useMemo(() => {
    const names = new Map((templates.data?.data ?? []).map((tpl) => [tpl.id, tpl.name]));
    return { errors: actions.errors, triggerType: draft.trigger.type, templateName: (id: string) => names.get(id) ?? id, readOnly };
  }, [templates.data, actions.errors, draft.trigger.type, readOnly]);

  const switchTab = (v: string) => {
    if (v === 'linear') ops.showLinear();
    else ops.showVisual();
    setTab(v as Tab);
  };
  // Saving an active workflow makes a new version: ask first.
  const save = () => {
    if (workflow?.is_active && !confirmSave) {
      setConfirmSave(true);
      return;
    }
    setConfirmSave(false);
    actions.save();
  };
  const rowsInError = Object.keys(actions.errors.rows).length > 0;
  const nodesInError = Object.keys(actions.errors.nodes).length + Object.keys(actions.errors.edges).length > 0;
  const notices: Record<Exclude<Notice, ''>, string> = {
    created: t('workflows.editor.created'),
    saved: t('workflows.editor.saved', { version: workflow?.version ?? 1 }),
    valid: t('workflows.editor.valid'),
    activated: t('workflows.editor.activated'),
    deactivated: t('workflows.editor.deactivated'),
  };

  return (
    <CanvasContext.Provider value={info}>
      <EditorHeader workflow={workflow} isAdmin={isAdmin} dirty={Boolean(workflow) && dirty} actions={actions} />
      {readOnly && <p className="mb-4 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">{t('workflows.editor.readOnly')}</p>}
      <div className="flex flex-col gap-4">
        <Card title={t('workflows.sections.details')}>
          <DetailsFields draft={draft} errors={actions.errors.fields} readOnly={readOnly} onName={ops.setName} onDescription={ops.setDescription} onTrigger={ops.setTrigger} />
        </Card>

        <Card title={t('workflows.sections.steps')}>
          <Tabs
            idPrefix="wf-editor"
            label={t('workflows.sections.steps')}
            value={tab}
            onChange={switchTab}
            tabs={[
              { id: 'visual', label: <span className={nodesInError ? 'text-red-700' : ''}>{t('workflows.tabs.visual')}</span> },
              { id: 'linear', label: <span className={rowsInError ? 'text-red-700' : ''}>{t('workflows.tabs.linear')}</span> },
            ]}
          />
          <div {...tabPanelProps('wf-editor', tab)} className="pt-4">
            {tab === 'visual' ? (
              <VisualEditor nodes={draft.nodes} edges={draft.edges} ops={ops} errors={actions.errors} readOnly={readOnly} phone={phone} />
            ) : (
              <LinearEditor rows={draft.rows} nodes={draft.nodes} readOnly={readOnly} rowErrors={actions.errors.rows} onChange={ops.setRows} />
            )}
          </div>
        </Card>

        {actions.conflict && (
          <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            <span>{t('workflows.editor.conflict')}</span>
            {onReload && (
              <Button onClick={() => void onReload().then((w) => w && actions.adoptLatest(w))}>{t('patients.form.reload')}</Button>
            )}
          </div>
        )}
        {actions.banner && <ErrorBanner message={actions.banner} />}
        {actions.notice && (
          <p role="status" className="flex items-center gap-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
            <CheckCircle2 aria-hidden="true" className="size-4 shrink-0" />
            {notices[actions.notice]}
          </p>
        )}
        {!readOnly && (
          <div className="flex flex-wrap items-center justify-end gap-2">
            {workflow?.is_active && <p className="mr-auto text-sm text-slate-600">{t('workflows.editor.activeHint', { version: workflow.version })}</p>}
            <Button disabled={actions.busy} onClick={actions.validate}>
              <ShieldCheck aria-hidden="true" className="size-4" />
              {actions.validating ? t('workflows.editor.validating') : t('workflows.editor.validate')}
            </Button>
            <Button variant="primary" disabled={actions.busy || !dirty} onClick={save}>
              {actions.saving ? t('common.saving') : workflow ? t('common.save') : t('workflows.editor.create')}
            </Button>
          </div>
        )}

        {workflow && canRun && <RunPanel workflow={workflow} unsaved={dirty} />}
        <SimulatorPanel
          defaultTimeZone={tenant.timezone ?? 'Asia/Jakarta'}
          source={() => (workflow && !dirty ? { workflow_id: workflow.id } : definitionOf(draft))}
          onRefused={actions.refused}
        />
      </div>
      {workflow && (
        <ConfirmDialog
          open={confirmSave}
          title={t('workflows.editor.newVersionTitle', { version: workflow.version + 1 })}
          confirmLabel={t('workflows.editor.saveNewVersion')}
          confirmVariant="primary"
          onConfirm={save}
          onCancel={() => setConfirmSave(false)}
        >
          {t('workflows.editor.newVersionText', { next: workflow.version + 1, version: workflow.version })}
        </ConfirmDialog>
      )}
    </CanvasContext.Provider>
  );
}
