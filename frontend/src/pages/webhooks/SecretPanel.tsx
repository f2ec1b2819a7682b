import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyRound } from 'lucide-react';
import { Button } from '../../components/Button';
import { CallExample } from './CallExample';
import { CopyValue } from './Copy';

/** The secret, shown this once (after create or rotate), with the URL and a ready-to-run signed call. */
export function SecretPanel({ secret, url, rotated, onDone }: { secret: string; url: string; rotated?: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'start' });
    ref.current?.focus({ preventScroll: true });
  }, [secret]);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby="webhook-secret-title"
      data-testid="webhook-secret-panel"
      className="mb-4 flex min-w-0 flex-col gap-4 rounded-lg border-2 border-amber-400 bg-amber-50 p-4 shadow-sm outline-none"
    >
      <div className="flex items-start gap-3">
        <KeyRound aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-amber-700" />
        <div className="min-w-0">
          <h2 id="webhook-secret-title" className="text-base font-semibold text-amber-950">
            {rotated ? t('webhooks.secret.rotatedTitle') : t('webhooks.secret.title')}
          </h2>
          <p className="mt-1 text-sm text-amber-950">{t('webhooks.secret.once')}</p>
        </div>
      </div>
      <CopyValue label={t('webhooks.secret.label')} value={secret} copyLabel={t('webhooks.copy.secret')} testId="webhook-secret" tone="secret" />
      <CallExample url={url} secret={secret} idPrefix="secret-example" />
      <div className="flex justify-end">
        <Button variant="primary" onClick={onDone}>
          {t('webhooks.secret.done')}
        </Button>
      </div>
    </section>
  );
}
