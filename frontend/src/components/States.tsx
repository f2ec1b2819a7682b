import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, Inbox, Loader2 } from 'lucide-react';
import { ApiError } from '../api/problem';
import { Button } from './Button';

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="flex items-center gap-2 p-6 text-sm text-slate-600">
      <Loader2 aria-hidden="true" className="size-4 animate-spin" />
      {label ?? t('common.loading')}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 p-8 text-center text-sm text-slate-600">
      <Inbox aria-hidden="true" className="size-8 text-slate-400" />
      <p className="font-medium text-slate-800">{title}</p>
      {children}
    </div>
  );
}

/** The message to show for any thrown error. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.status === 0) return t('errors.network');
      if (error.status === 403) return error.message || t('errors.forbidden');
      if (error.status === 404) return t('errors.notFound');
      if (error.status >= 500) return error.requestId ? t('errors.serverWithId', { id: error.requestId }) : t('errors.server');
      // Field errors in the current language rather than the server's English summary.
      const fields = Object.entries(error.fieldErrors);
      if ((error.status === 400 || error.status === 422) && fields.length > 0) {
        return fields.map(([field, text]) => (field === 'body' ? text : `${field}: ${text}`)).join(' ');
      }
      return error.message || t('errors.generic');
    }
    return t('errors.generic');
  };
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage()(error);
  return (
    <div role="alert" className="flex flex-col items-start gap-3 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p className="flex items-center gap-2 font-medium">
        <AlertTriangle aria-hidden="true" className="size-4" />
        {message}
      </p>
      {onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
    </div>
  );
}

/** An error in words; when it appears or changes it is scrolled into view (on a phone it is often off-screen). */
export function ErrorBanner({ message }: { message: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [message]);
  return (
    <div ref={ref} role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {message}
    </div>
  );
}
