import { useTranslation } from 'react-i18next';
import { Plus, Trash2 } from 'lucide-react';
import { Button } from '../../components/Button';
import { controlProps, Field, inputClass } from '../../components/Field';
import { newVariant, type CampaignDraft, type VariantDraft } from './formModel';
import { MessageEditor } from './MessageEditor';
import { MAX_VARIANTS } from './types';

interface Props {
  draft: CampaignDraft;
  onChange: (change: Partial<CampaignDraft>, ...fields: string[]) => void;
  errors: Record<string, string>;
}

/** One message for everyone, or two or three variants shared out by weight. */
export function MessageSection({ draft, onChange, errors }: Props) {
  const { t } = useTranslation();
  const setVariant = (i: number, change: Partial<VariantDraft>, ...fields: string[]) =>
    onChange({ variants: draft.variants.map((v, j) => (j === i ? { ...v, ...change } : v)) }, ...fields.map((f) => `variants[${i}].${f}`));
  const totalWeight = draft.variants.reduce((sum, v) => sum + (Number(v.weight) || 0), 0);
  // The next variant takes the first letter not in use.
  const freeLetter = [0, 1, 2].find((n) => !draft.variants.some((v) => v.key === String.fromCharCode(65 + n))) ?? draft.variants.length;
  return (
    <div className="flex flex-col gap-4">
      <div>
        <label className="flex items-start gap-2 text-sm font-medium text-slate-700">
          <input
            type="checkbox"
            checked={draft.useVariants}
            onChange={(e) => onChange({ useVariants: e.target.checked }, 'variants', 'bodies', 'template_id')}
            aria-describedby="campaign-variants-hint"
            className="mt-0.5 size-4 shrink-0 accent-teal-700"
          />
          {t('campaigns.form.useVariants')}
        </label>
        <p id="campaign-variants-hint" className="mt-1 ml-6 text-xs text-slate-500">
          {t('campaigns.form.variantsHint')}
        </p>
        {errors.variants && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {errors.variants}
          </p>
        )}
      </div>
      {!draft.useVariants ? (
        <MessageEditor idPrefix="campaign-message" value={draft.message} onChange={(change) => onChange({ message: { ...draft.message, ...change } }, 'bodies', 'template_id', 'bodies.id', 'bodies.en', 'bodies.ko')} errors={errors} field="" />
      ) : (
        <>
          <ol className="flex flex-col gap-3">
            {draft.variants.map((v, i) => {
              const e = (k: string) => errors[`variants[${i}].${k}`];
              const share = totalWeight > 0 ? Math.round(((Number(v.weight) || 0) / totalWeight) * 100) : 0;
              return (
                <li key={i} className="rounded-md border border-slate-200 p-3" data-testid="campaign-variant">
                  <div className="mb-3 flex flex-wrap items-end gap-3">
                    <Field id={`variant-${i}-key`} label={t('campaigns.fields.variantKey')} error={e('key')} required className="w-28">
                      <input {...controlProps(`variant-${i}-key`, e('key'), undefined, true)} value={v.key} maxLength={16} onChange={(ev) => setVariant(i, { key: ev.target.value }, 'key')} className={inputClass} />
                    </Field>
                    <Field id={`variant-${i}-weight`} label={t('campaigns.fields.weight')} error={e('weight')} className="w-28">
                      <input {...controlProps(`variant-${i}-weight`, e('weight'))} type="number" inputMode="numeric" min={1} max={100} value={v.weight} onChange={(ev) => setVariant(i, { weight: ev.target.value }, 'weight')} className={inputClass} />
                    </Field>
                    <p className="pb-2 text-xs text-slate-500">{t('campaigns.form.variantShare', { percent: share })}</p>
                    {draft.variants.length > 2 && (
                      <Button variant="ghost" className="ml-auto" onClick={() => onChange({ variants: draft.variants.filter((_, j) => j !== i) }, 'variants')} aria-label={t('campaigns.form.removeVariant', { key: v.key || i + 1 })}>
                        <Trash2 aria-hidden="true" className="size-4" />
                        {t('campaigns.form.remove')}
                      </Button>
                    )}
                  </div>
                  <MessageEditor
                    idPrefix={`variant-${i}`}
                    value={v}
                    onChange={(change) => setVariant(i, change, 'bodies', 'template_id', 'bodies.id', 'bodies.en', 'bodies.ko')}
                    errors={errors}
                    field={`variants[${i}].`}
                  />
                </li>
              );
            })}
          </ol>
          {draft.variants.length < MAX_VARIANTS && (
            <div>
              <Button onClick={() => onChange({ variants: [...draft.variants, newVariant(freeLetter, 34)] }, 'variants')}>
                <Plus aria-hidden="true" className="size-4" />
                {t('campaigns.form.addVariant')}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
