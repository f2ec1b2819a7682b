import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Ban, ClipboardCheck, Pause, Pencil, Play, Send, Trash2 } from 'lucide-react';
import { useMe } from '../../auth/MeContext';
import { Button, buttonClass } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useErrorMessage } from '../../components/States';
import { formatDateTime, formatNumber } from '../../lib/format';
import { CampaignCheckError, useCampaignAction, useCheck, useDeleteCampaign, useExecute, type CampaignAction } from './api';
import { formatDuration } from './progress';
import type { Campaign, CampaignCheck } from './types';

/** What an action has to show on the page: a check's findings, or an error in words. */
export interface ActionReport {
  check?: CampaignCheck;
  /** The check came back with a refused execute. */
  refused?: boolean;
  error?: string;
}

type Dialog = 'execute' | CampaignAction | 'delete' | null;

/** The buttons a campaign's status and the user's role allow, with their confirmations. */
export function CampaignActions({ c, onReport }: { c: Campaign; onReport: (r: ActionReport | null) => void }) {
  const { t, i18n } = useTranslation();
  const { user, tenant } = useMe();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [ready, setReady] = useState<CampaignCheck | null>(null);
  const check = useCheck(c.id);
  const execute = useExecute(c.id);
  const action = useCampaignAction(c.id);
  const remove = useDeleteCampaign(c.id);
  const admin = user.role === 'admin';
  const canPause = admin || user.role === 'volunteer';
  const startable = c.status === 'draft' || c.status === 'scheduled';
  const later = c.send_at && new Date(c.send_at).getTime() > Date.now();
  const n = (v: number) => formatNumber(v, i18n.language);

  const runCheck = (thenExecute: boolean) => {
    onReport(null);
    check.mutate(undefined, {
      onSuccess: (r) => {
        onReport({ check: r });
        if (thenExecute && r.ok) {
          setReady(r);
          setDialog('execute');
        }
      },
      onError: (err) => onReport({ error: errorMessage(err) }),
    });
  };
  const confirmExecute = () =>
    execute.mutate(undefined, {
      onSuccess: () => {
        setDialog(null);
        onReport(null);
      },
      onError: (err) => {
        if (err instanceof CampaignCheckError) {
          setDialog(null);
          onReport({ check: err.check, refused: true });
        }
      },
    });
  const open = (d: Dialog) => {
    action.reset();
    remove.reset();
    setDialog(d);
  };
  const act = (a: CampaignAction) => action.mutate(a, { onSuccess: () => setDialog(null) });

  const simple = dialog === 'pause' || dialog === 'resume' || dialog === 'cancel' || dialog === 'delete' ? dialog : null;
  return (
    <>
      {admin && startable && (
        <>
          <Button onClick={() => runCheck(false)} disabled={check.isPending}>
            <ClipboardCheck aria-hidden="true" className="size-4" />
            {check.isPending ? t('campaigns.actions.checking') : t('campaigns.actions.check')}
          </Button>
          <Button variant="primary" onClick={() => runCheck(true)} disabled={check.isPending}>
            <Send aria-hidden="true" className="size-4" />
            {later ? t('campaigns.actions.schedule') : t('campaigns.actions.execute')}
          </Button>
          <Link to={`/campaigns/${c.id}/edit`} className={buttonClass('secondary')}>
            <Pencil aria-hidden="true" className="size-4" />
            {t('common.edit')}
          </Link>
        </>
      )}
      {canPause && (c.status === 'running' || c.status === 'scheduled') && (
        <Button onClick={() => open('pause')}>
          <Pause aria-hidden="true" className="size-4" />
          {t('campaigns.actions.pause')}
        </Button>
      )}
      {admin && c.status === 'paused' && (
        <Button variant="primary" onClick={() => open('resume')}>
          <Play aria-hidden="true" className="size-4" />
          {t('campaigns.actions.resume')}
        </Button>
      )}
      {admin && (c.status === 'running' || c.status === 'paused' || c.status === 'scheduled') && (
        <Button variant="danger" onClick={() => open('cancel')}>
          <Ban aria-hidden="true" className="size-4" />
          {t('campaigns.actions.cancel')}
        </Button>
      )}
      {admin && c.status !== 'running' && c.status !== 'paused' && (
        <Button variant="ghost" onClick={() => open('delete')}>
          <Trash2 aria-hidden="true" className="size-4" />
          {t('common.delete')}
        </Button>
      )}
      <ConfirmDialog
        open={dialog === 'execute'}
        title={later ? t('campaigns.confirm.scheduleTitle') : t('campaigns.confirm.executeTitle')}
        confirmLabel={later ? t('campaigns.actions.schedule') : t('campaigns.actions.execute')}
        confirmVariant="primary"
        busy={execute.isPending}
        error={execute.error && !(execute.error instanceof CampaignCheckError) ? errorMessage(execute.error) : undefined}
        onConfirm={confirmExecute}
        onCancel={() => setDialog(null)}
      >
        {ready && <p>{t('campaigns.confirm.executeText', { recipients: n(ready.recipients), excluded: n(ready.excluded), duration: formatDuration(ready.estimated_duration_seconds, i18n.language) })}</p>}
        {later && c.send_at && <p className="mt-2">{t('campaigns.confirm.scheduleText', { time: formatDateTime(c.send_at, i18n.language, tenant.timezone || undefined) })}</p>}
        {ready && ready.warnings.length > 0 && <p className="mt-2 font-medium text-amber-900">{t('campaigns.confirm.warnings', { count: ready.warnings.length })}</p>}
      </ConfirmDialog>
      <ConfirmDialog
        open={simple !== null}
        title={simple ? t(`campaigns.confirm.${simple}Title`) : ''}
        confirmLabel={simple === 'delete' ? t('common.delete') : simple ? t(`campaigns.actions.${simple}`) : ''}
        confirmVariant={simple === 'cancel' || simple === 'delete' ? 'danger' : 'primary'}
        busy={action.isPending || remove.isPending}
        error={action.error ? errorMessage(action.error) : remove.error ? errorMessage(remove.error) : undefined}
        onConfirm={() => {
          if (simple === 'delete') remove.mutate(undefined, { onSuccess: () => navigate('/campaigns', { replace: true }) });
          else if (simple) act(simple);
        }}
        onCancel={() => setDialog(null)}
      >
        {simple && <p>{t(`campaigns.confirm.${simple}Text`, { name: c.name })}</p>}
      </ConfirmDialog>
    </>
  );
}
