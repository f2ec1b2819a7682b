import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from '../../components/Badge';
import type { CampaignStatus, RecipientStatus } from './types';

const STATUS_TONES: Record<CampaignStatus, Tone> = {
  draft: 'gray',
  scheduled: 'violet',
  running: 'blue',
  paused: 'amber',
  completed: 'green',
  cancelled: 'gray',
};

const RECIPIENT_TONES: Record<RecipientStatus, Tone> = {
  pending: 'gray',
  queued: 'gray',
  sending: 'blue',
  sent: 'blue',
  delivered: 'green',
  read: 'green',
  failed: 'red',
  skipped: 'amber',
};

export function CampaignStatusChip({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <span data-testid="campaign-status">
      <Badge tone={STATUS_TONES[status] ?? 'gray'}>{t(`campaigns.status.${status}`, { defaultValue: status })}</Badge>
    </span>
  );
}

export function RecipientStatusChip({ status }: { status: RecipientStatus }) {
  const { t } = useTranslation();
  return <Badge tone={RECIPIENT_TONES[status] ?? 'gray'}>{t(`campaigns.recipientStatus.${status}`, { defaultValue: status })}</Badge>;
}
