import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { useRevealErrors } from '../../lib/revealErrors';
import { saveErrors } from '../content/formErrors';
import { useWorkflowNames } from './api';

export interface WebhookFormValues {
  name: string;
  workflowId: string;
  isActive: boolean;
}

const FIELDS = ['name', 'workflow_id', 'is_active'] as const;

interface Props {
  initial: WebhookFormValues;
  submitLabel: string;
  onSave: (v: WebhookFormValues) => Promise<void>;
  onCancel?: () => void;
  /** Shown instead of the server's words when the save met a newer version (409). */
  onConflict?: () => void;
}

/** Name, bound workflow and active: the fields of a webhook, for create and edit. */
export function WebhookForm({ initial, submitLabel, onSave, onCancel, onConflict }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { ref, reveal } = useRevealErrors();
  const workflows = useWorkflowNames();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState('');
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof WebhookFormValues>(k: K, v: WebhookFormValues[K], field: string) => {
    setValues((prev) => ({ ...prev, [k]: v }));
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBanner('');
    if (!values.name.trim()) {
      setErrors({ name: t('webhooks.form.required') });
      reveal();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSave({ ...values, name: values.name.trim() });
    } catch (err) {
      const s = saveErrors(err, FIELDS, errorMessage, t('webhooks.form.fixFields'));
      if (s.conflict && onConflict) onConflict();
      else {
        setErrors(s.fields);
        setBanner(s.conflict ? t('webhooks.conflict') : s.banner);
        reveal();
      }
    } finally {
      setBusy(false);
    }
  };

  const list = workflows.data ?? [];
  const unknownBound = values.workflowId && workflows.data && !list.some((w) => w.id === values.workflowId);
  const workflowHint = workflows.isError ? t('webhooks.form.workflowsFailed') : t('webhooks.form.workflowHint');
  return (
    <form ref={ref} onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4">
      {banner && <ErrorBanner message={banner} />}
      <Field id="webhook-name" label={t('webhooks.fields.name')} error={errors.name} hint={t('webhooks.form.nameHint')} required>
        <input
          {...controlProps('webhook-name', errors.name, t('webhooks.form.nameHint'), true)}
          value={values.name}
          maxLength={200}
          autoComplete="off"
          onChange={(e) => set('name', e.target.value, 'name')}
          className={inputClass}
        />
      </Field>
      <Field id="webhook-workflow" label={t('webhooks.fields.workflow')} error={errors.workflow_id} hint={workflowHint}>
        <select
          {...controlProps('webhook-workflow', errors.workflow_id, workflowHint)}
          value={values.workflowId}
          disabled={workflows.isPending}
          onChange={(e) => set('workflowId', e.target.value, 'workflow_id')}
          className={inputClass}
        >
          <option value="">{workflows.isPending ? t('common.loading') : t('webhooks.form.noWorkflow')}</option>
          {list.map((w) => (
            <option key={w.id} value={w.id}>
              {w.isActive ? w.name : t('webhooks.form.inactiveWorkflow', { name: w.name })}
            </option>
          ))}
          {unknownBound && <option value={values.workflowId}>{values.workflowId}</option>}
        </select>
      </Field>
      <div>
        <label className="flex items-start gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" checked={values.isActive} onChange={(e) => set('isActive', e.target.checked, 'is_active')} aria-describedby="webhook-active-hint" className="mt-0.5 size-4 shrink-0 accent-teal-700" />
          {t('webhooks.fields.active')}
        </label>
        <p id="webhook-active-hint" className="mt-1 ml-6 text-xs text-slate-500">
          {t('webhooks.form.activeHint')}
        </p>
        {errors.is_active && <p className="mt-1 text-sm text-red-700">{errors.is_active}</p>}
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        {onCancel && (
          <Button onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </Button>
        )}
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t('common.saving') : submitLabel}
        </Button>
      </div>
    </form>
  );
}
