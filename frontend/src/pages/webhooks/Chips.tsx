import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from '../../components/Badge';

const OUTCOME_TONES: Record<string, Tone> = {
  started: 'green',
  replayed: 'blue',
  rejected: 'amber',
  failed: 'red',
};

/** What became of a call: started, replayed, rejected, failed. */
export function OutcomeChip({ outcome }: { outcome: string }) {
  const { t } = useTranslation();
  return (
    <span data-testid="call-outcome">
      <Badge tone={OUTCOME_TONES[outcome] ?? 'gray'}>{t(`webhooks.outcomes.${outcome}`, { defaultValue: outcome })}</Badge>
    </span>
  );
}

/** Active (calls are taken) or inactive (the URL answers 404). */
export function WebhookActiveChip({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return <Badge tone={active ? 'green' : 'gray'}>{active ? t('webhooks.active') : t('webhooks.inactive')}</Badge>;
}
