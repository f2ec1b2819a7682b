import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problem';
import { formatNumber } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';
import { useAudiencePreview } from './api';
import { AudiencePreview } from './AudiencePreview';
import { placeErrors } from './formErrors';
import { audienceOf, audienceReady, type CampaignDraft, type SegmentDraft } from './formModel';
import { PatientIdsField } from './PatientIdsField';
import { SegmentFields } from './SegmentFields';
import type { CampaignAudience } from './types';

/** The audience is counted again once it has not changed for this long. */
export const PREVIEW_DEBOUNCE_MS = 400;

interface Props {
  draft: CampaignDraft;
  onChange: (change: Partial<CampaignDraft>, ...fields: string[]) => void;
  errors: Record<string, string>;
  /** The campaign being edited, so patients it already holds are counted apart. */
  campaignId?: string;
}

/** A segment or a list of patients, with the live count beside it. */
export function AudienceSection({ draft, onChange, errors, campaignId = '' }: Props) {
  const { t, i18n } = useTranslation();
  const key = JSON.stringify(audienceOf(draft));
  const settledKey = useDebounced(key, PREVIEW_DEBOUNCE_MS);
  const audience = useMemo(() => JSON.parse(settledKey) as CampaignAudience, [settledKey]);
  const ready = audienceReady(draft);
  const preview = useAudiencePreview(audience, campaignId, ready && settledKey === key);
  const pending = key !== settledKey;
  // What the count found wrong with the segment shows at its fields too, until the form is saved.
  const shown = useMemo(() => {
    const found = !pending && preview.error instanceof ApiError ? placeErrors(preview.error.fieldErrors).fields : {};
    return { ...found, ...errors };
  }, [errors, pending, preview.error]);
  const knownNames = useMemo(() => Object.fromEntries((preview.data?.sample ?? []).map((p) => [p.id, p.name])), [preview.data]);
  const setSegment = (change: Partial<SegmentDraft>, field: string) => onChange({ segment: { ...draft.segment, ...change } }, field);
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
      <div className="flex flex-col gap-3">
        <fieldset aria-describedby={shown.audience ? 'campaign-audience-error' : undefined}>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t('campaigns.form.audienceKind')}</legend>
          <div className="flex flex-wrap gap-4">
            {(['segment', 'patients'] as const).map((mode) => (
              <label key={mode} className="flex items-center gap-1.5 text-sm text-slate-800">
                <input type="radio" name="campaign-audience-mode" checked={draft.audienceMode === mode} onChange={() => onChange({ audienceMode: mode }, 'audience')} className="accent-teal-700" />
                {t(`campaigns.form.audienceKinds.${mode}`)}
              </label>
            ))}
          </div>
          {shown.audience && (
            <p id="campaign-audience-error" className="mt-1 text-sm text-red-700">
              {shown.audience}
            </p>
          )}
        </fieldset>
        {draft.audienceMode === 'segment' ? (
          <>
            <p className="text-xs text-slate-500">{t('campaigns.segment.hint')}</p>
            <SegmentFields value={draft.segment} onChange={setSegment} errors={shown} />
          </>
        ) : (
          <PatientIdsField value={draft.patientIds} onChange={(patientIds) => onChange({ patientIds }, 'audience.patient_ids', 'audience')} error={shown['audience.patient_ids']} knownNames={knownNames} />
        )}
        {/* On a phone the full count is below the fields: its headline follows them while they scroll by. */}
        {ready && preview.data && (
          <p aria-hidden="true" className={`sticky bottom-0 z-10 -mx-4 border-t border-teal-200 bg-teal-50 px-4 py-2 text-sm font-medium text-teal-900 lg:hidden ${pending || preview.isFetching ? 'opacity-60' : ''}`}>
            {t('campaigns.preview.eligible', { count: preview.data.eligible, n: formatNumber(preview.data.eligible, i18n.language) })}
          </p>
        )}
      </div>
      <div className="lg:sticky lg:top-4">
        <AudiencePreview preview={preview} ready={ready} pending={pending} />
      </div>
    </div>
  );
}
