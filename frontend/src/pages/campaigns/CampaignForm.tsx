import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problem';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { useRevealErrors } from '../../lib/revealErrors';
import { AudienceSection } from './AudienceSection';
import { localErrors, placeErrors } from './formErrors';
import type { CampaignDraft } from './formModel';
import { MessageSection } from './MessageSection';
import { SendingFields } from './SendingFields';

interface Props {
  initial: CampaignDraft;
  /** Set when editing a stored campaign. */
  campaignId?: string;
  onSave: (draft: CampaignDraft) => Promise<void>;
  onCancel: () => void;
}

/** The campaign editor: name, message, audience with its live count, and sending; saved as a draft. */
export function CampaignForm({ initial, campaignId, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { ref, reveal } = useRevealErrors();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState('');
  const [busy, setBusy] = useState(false);

  const change = (c: Partial<CampaignDraft>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...c }));
    if (fields.some((f) => f in errors)) setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !fields.includes(k))));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBanner('');
    const local = localErrors(draft);
    if (Object.keys(local).length > 0) {
      setErrors(Object.fromEntries(Object.entries(local).map(([k, key]) => [k, t(`campaigns.form.errors.${key}`)])));
      setBanner(t('campaigns.form.fixFields'));
      reveal();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSave(draft);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length > 0) {
        const placed = placeErrors(err.fieldErrors);
        setErrors(placed.fields);
        setBanner([t('campaigns.form.fixFields'), ...placed.other].join(' · '));
      } else if (err instanceof ApiError && err.status === 409) {
        setBanner(t('campaigns.form.conflict'));
      } else {
        setBanner(errorMessage(err));
      }
      reveal();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={ref} onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4">
      {banner && <ErrorBanner message={banner} />}
      <Card title={t('campaigns.sections.details')}>
        <Field id="campaign-name" label={t('campaigns.fields.name')} error={errors.name} required>
          <input {...controlProps('campaign-name', errors.name, undefined, true)} value={draft.name} maxLength={200} autoComplete="off" onChange={(e) => change({ name: e.target.value }, 'name')} className={inputClass} />
        </Field>
      </Card>
      <Card title={t('campaigns.sections.message')}>
        <MessageSection draft={draft} onChange={change} errors={errors} />
      </Card>
      <Card title={t('campaigns.sections.audience')}>
        <AudienceSection draft={draft} onChange={change} errors={errors} campaignId={campaignId} />
      </Card>
      <Card title={t('campaigns.sections.sending')}>
        <SendingFields draft={draft} onChange={change} errors={errors} />
      </Card>
      <div className="flex flex-wrap justify-end gap-2">
        <Button onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t('common.saving') : campaignId ? t('common.save') : t('campaigns.form.saveDraft')}
        </Button>
      </div>
    </form>
  );
}
