import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from '../../components/Badge';
import type { EventSubscription } from '../../api/types';

const DELIVERY_TONES: Record<string, Tone> = { pending: 'blue', succeeded: 'green', failed: 'red' };

/** Active; paused by a person; or disabled by PRIMA (the endpoint answered 410 Gone). */
export function SubscriptionStateChip({ sub }: { sub: Pick<EventSubscription, 'is_active' | 'disabled_reason'> }) {
  const { t } = useTranslation();
  const state = sub.is_active ? 'active' : sub.disabled_reason ? 'disabled' : 'paused';
  const tone: Tone = state === 'active' ? 'green' : state === 'disabled' ? 'red' : 'gray';
  return (
    <span data-testid="subscription-state" data-state={state}>
      <Badge tone={tone}>{t(`eventSubs.state.${state}`)}</Badge>
    </span>
  );
}

export function DeliveryStatusChip({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span data-testid="delivery-status" data-status={status}>
      <Badge tone={DELIVERY_TONES[status] ?? 'gray'}>{t(`eventSubs.deliveryStatus.${status}`, { defaultValue: status })}</Badge>
    </span>
  );
}
