import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from '../../components/Badge';

const EXECUTION_TONES: Record<string, Tone> = { running: 'blue', waiting: 'amber', completed: 'green', failed: 'red', cancelled: 'gray' };
const STEP_TONES: Record<string, Tone> = { done: 'green', waiting: 'amber', skipped: 'violet', failed: 'red' };

export function ExecutionStatusChip({ status }: { status?: string | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return <Badge tone={EXECUTION_TONES[status] ?? 'gray'}>{t(`workflows.executionStatus.${status}`, { defaultValue: status })}</Badge>;
}

export function StepStatusChip({ status }: { status?: string | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return <Badge tone={STEP_TONES[status] ?? 'gray'}>{t(`workflows.stepStatus.${status}`, { defaultValue: status })}</Badge>;
}

export function WorkflowActiveChip({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return <Badge tone={active ? 'green' : 'gray'}>{active ? t('workflows.active') : t('workflows.inactive')}</Badge>;
}
