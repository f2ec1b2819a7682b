import { useTranslation } from 'react-i18next';
import { CopyValue } from '../webhooks/Copy';
import { SecretBox } from '../webhooks/SecretPanel';

/** The subscription's signing secret, shown this once (after create or rotate). */
export function SubscriptionSecretPanel({ secret, rotated, onDone }: { secret: string; rotated: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <SecretBox
      title={rotated ? t('eventSubs.secret.rotatedTitle') : t('eventSubs.secret.title')}
      once={t('eventSubs.secret.once')}
      doneLabel={t('eventSubs.secret.done')}
      onDone={onDone}
      testId="subscription-secret-panel"
      revealKey={secret}
    >
      <CopyValue label={t('eventSubs.secret.label')} value={secret} copyLabel={t('eventSubs.secret.copy')} testId="subscription-secret" tone="secret" />
      <p className="text-sm text-amber-950">{t('eventSubs.secret.verify')}</p>
    </SecretBox>
  );
}
