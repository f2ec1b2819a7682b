import { useTranslation } from 'react-i18next';
import { useWorkflowNames } from './api';

/** The bound workflow's name, "Not bound", or a note when the name is not known. */
export function WorkflowName({ id }: { id: string | null }) {
  const { t } = useTranslation();
  const workflows = useWorkflowNames();
  if (!id) return <span className="text-slate-500">{t('webhooks.notBound')}</span>;
  if (workflows.isPending) return <span className="text-slate-500">…</span>;
  const w = workflows.data?.find((x) => x.id === id);
  if (!w) return <span className="text-slate-500">{t('webhooks.unknownWorkflow')}</span>;
  return <span className="break-words">{w.name}</span>;
}
