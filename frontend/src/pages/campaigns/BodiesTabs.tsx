import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertCircle } from 'lucide-react';
import { Button } from '../../components/Button';
import { controlProps, Field, inputClass } from '../../components/Field';
import { tabPanelProps, Tabs } from '../../components/Tabs';
import { BODY_LANGS, type Bodies, type Lang } from './formModel';

const VARIABLES = ['name', 'first_name', 'clinic'] as const;

interface Props {
  /** Prefix of element ids, unique on the page. */
  idPrefix: string;
  bodies: Bodies;
  onChange: (bodies: Bodies) => void;
  errors: Record<string, string>;
  /** Prefix of the API field: '' or "variants[1].". */
  field: string;
}

/** The message text per language (Bahasa Indonesia, English, Korean), one tab each, with variables to insert. */
export function BodiesTabs({ idPrefix, bodies, onChange, errors, field }: Props) {
  const { t } = useTranslation();
  const [lang, setLang] = useState<Lang>(BODY_LANGS.find((l) => errors[`${field}bodies.${l}`]) ?? 'id');
  const [attribute, setAttribute] = useState('');
  // A language the server found fault with is brought forward.
  const firstBad = BODY_LANGS.find((l) => errors[`${field}bodies.${l}`]);
  useEffect(() => {
    if (firstBad) setLang(firstBad);
  }, [firstBad]);
  const refs = useRef<Partial<Record<Lang, HTMLTextAreaElement | null>>>({});
  const insert = (name: string) => {
    const el = refs.current[lang];
    const current = bodies[lang];
    const at = el ? el.selectionStart : current.length;
    const end = el ? el.selectionEnd : current.length;
    const token = `{{${name}}}`;
    onChange({ ...bodies, [lang]: current.slice(0, at) + token + current.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };
  const whole = errors[`${field}bodies`];
  return (
    <div>
      <Tabs
        idPrefix={idPrefix}
        label={t('campaigns.form.languageTabs')}
        value={lang}
        onChange={(v) => setLang(v as Lang)}
        tabs={BODY_LANGS.map((l) => ({
          id: l,
          label: (
            <span className="flex items-center gap-1.5">
              {t(`languages.${l}`)}
              {errors[`${field}bodies.${l}`] ? (
                <>
                  <AlertCircle aria-hidden="true" className="size-3.5 text-red-700" />
                  <span className="sr-only">{t('campaigns.form.hasError')}</span>
                </>
              ) : (
                !bodies[l].trim() && <span className="text-xs font-normal text-slate-400">({t('campaigns.form.emptyBody')})</span>
              )}
            </span>
          ),
        }))}
      />
      <div {...tabPanelProps(idPrefix, lang)} className="pt-3">
        <div className="mb-2 flex flex-wrap items-center gap-1.5" role="group" aria-label={t('campaigns.form.insertVariable')}>
          {VARIABLES.map((v) => (
            <button
              key={v}
              type="button"
              onClick={() => insert(v)}
              className="rounded-full border border-teal-200 bg-teal-50 px-2 py-0.5 font-mono text-xs text-teal-900 hover:bg-teal-100 focus-visible:outline-2 focus-visible:outline-teal-600"
            >
              {`{{${v}}}`}
            </button>
          ))}
          <input
            aria-label={t('campaigns.form.attributeKey')}
            value={attribute}
            onChange={(e) => setAttribute(e.target.value.replace(/[^a-zA-Z0-9_]/g, ''))}
            placeholder="hospital"
            maxLength={64}
            className={`${inputClass} w-28! py-0.5 font-mono text-xs`}
          />
          <Button
            className="px-2 py-0.5 font-mono text-xs"
            disabled={!attribute}
            onClick={() => {
              insert(`attributes.${attribute}`);
              setAttribute('');
            }}
          >
            {`{{attributes.${attribute || 'KEY'}}}`}
          </Button>
        </div>
        {BODY_LANGS.map((l) => {
          const id = `${idPrefix}-${l}`;
          const error = errors[`${field}bodies.${l}`] ?? (l === lang ? whole : undefined);
          return (
            <div key={l} hidden={l !== lang}>
              <Field id={id} label={t('campaigns.form.bodyIn', { language: t(`languages.${l}`) })} error={error}>
                <textarea
                  {...controlProps(id, error)}
                  ref={(el) => {
                    refs.current[l] = el;
                  }}
                  lang={l}
                  rows={5}
                  value={bodies[l]}
                  onChange={(e) => onChange({ ...bodies, [l]: e.target.value })}
                  className={inputClass}
                />
              </Field>
            </div>
          );
        })}
      </div>
    </div>
  );
}
