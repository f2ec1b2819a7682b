import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyRound } from 'lucide-react';
import { Button } from '../../components/Button';
import { CallExample } from './CallExample';
import { CopyValue } from './Copy';

interface SecretBoxProps {
  title: string;
  /** The warning that this is the only time the secret is shown. */
  once: string;
  doneLabel: string;
  onDone: () => void;
  testId: string;
  /** Changes when another secret is shown: the box is scrolled to and focused again. */
  revealKey: string;
  children: ReactNode;
}

/** A secret shown this once (a webhook or event subscription secret, an API key): a warning box, focused when it appears. */
export function SecretBox({ title, once, doneLabel, onDone, testId, revealKey, children }: SecretBoxProps) {
  const titleId = useId();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'start' });
    ref.current?.focus({ preventScroll: true });
  }, [revealKey]);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby={titleId}
      data-testid={testId}
      className="mb-4 flex min-w-0 flex-col gap-4 rounded-lg border-2 border-amber-400 bg-amber-50 p-4 shadow-sm outline-none"
    >
      <div className="flex items-start gap-3">
        <KeyRound aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-amber-700" />
        <div className="min-w-0">
          <h2 id={titleId} className="text-base font-semibold break-words text-amber-950">
            {title}
          </h2>
          <p className="mt-1 text-sm text-amber-950">{once}</p>
        </div>
      </div>
      {children}
      <div className="flex justify-end">
        <Button variant="primary" onClick={onDone}>
          {doneLabel}
        </Button>
      </div>
    </section>
  );
}

/** The secret, shown this once (after create or rotate), with the URL and a ready-to-run signed call. */
export function SecretPanel({ secret, url, rotated, onDone }: { secret: string; url: string; rotated?: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <SecretBox
      title={rotated ? t('webhooks.secret.rotatedTitle') : t('webhooks.secret.title')}
      once={t('webhooks.secret.once')}
      doneLabel={t('webhooks.secret.done')}
      onDone={onDone}
      testId="webhook-secret-panel"
      revealKey={secret}
    >
      <CopyValue label={t('webhooks.secret.label')} value={secret} copyLabel={t('webhooks.copy.secret')} testId="webhook-secret" tone="secret" />
      <CallExample url={url} secret={secret} idPrefix="secret-example" />
    </SecretBox>
  );
}
