import { useTranslation } from 'react-i18next';
import { ShieldX } from 'lucide-react';
import { ApiError } from '../../api/problem';
import { useMe } from '../../auth/MeContext';
import { Card } from '../../components/Card';

/** Admins and developers manage the integrations (webhooks, event subscriptions, API keys); volunteers are refused by the API (403). */
export function useCanManageIntegrations(): boolean {
  const { user } = useMe();
  return user.role === 'admin' || user.role === 'developer';
}

export const useCanManageWebhooks = useCanManageIntegrations;

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

/** What a volunteer (or anyone the API refuses) sees instead of an integration page; text names what is refused. */
export function NotAllowed({ text, testId = 'webhooks-not-allowed' }: { text?: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Card>
      <div role="alert" data-testid={testId} className="flex flex-col items-center gap-2 p-6 text-center text-sm text-slate-700">
        <ShieldX aria-hidden="true" className="size-8 text-slate-400" />
        <p className="font-medium text-slate-900">{t('webhooks.notAllowed.title')}</p>
        <p className="max-w-md">{text ?? t('webhooks.notAllowed.text')}</p>
      </div>
    </Card>
  );
}
