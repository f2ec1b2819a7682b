import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API_KEY_SCOPES, type ApiKeyInput, type ApiKeyScope } from '../../api/types';
import { Button } from '../../components/Button';
import { controlProps, Field, inputClass } from '../../components/Field';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { useRevealErrors } from '../../lib/revealErrors';
import { saveErrors } from '../content/formErrors';

// The server names a refused scope by its place in the list (scopes[1]); all of them are shown at the scopes.
const FIELDS = ['name', 'scopes', 'scopes[0]', 'scopes[1]', 'scopes[2]', 'expires_at'] as const;

/** The local calendar date (YYYY-MM-DD) days from today. */
function localDay(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A key chosen to expire on a day works until the end of that day (the browser's time zone). */
export function endOfDay(day: string): string {
  return new Date(`${day}T23:59:59`).toISOString();
}

interface Props {
  /** Developers may create read keys only; the other scopes are shown but not offered. */
  readOnly: boolean;
  onSave: (body: ApiKeyInput) => Promise<void>;
  onCancel: () => void;
}

export function ApiKeyForm({ readOnly, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { ref, reveal } = useRevealErrors();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['read']);
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState('');
  const [busy, setBusy] = useState(false);
  const scopesError = errors.scopes ?? errors['scopes[0]'] ?? errors['scopes[1]'] ?? errors['scopes[2]'];

  const toggle = (s: ApiKeyScope, on: boolean) => {
    setScopes((prev) => API_KEY_SCOPES.filter((x) => (x === s ? on : prev.includes(x))));
    setErrors(({ scopes: _a, 'scopes[0]': _b, 'scopes[1]': _c, 'scopes[2]': _d, ...rest }) => rest);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBanner('');
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t('apiKeys.form.nameRequired');
    if (scopes.length === 0) local.scopes = t('apiKeys.form.scopesRequired');
    setErrors(local);
    if (Object.keys(local).length > 0) {
      reveal();
      return;
    }
    setBusy(true);
    try {
      const body: ApiKeyInput = { name: name.trim(), scopes };
      if (expires) body.expires_at = endOfDay(expires);
      await onSave(body);
    } catch (err) {
      const s = saveErrors(err, FIELDS, errorMessage, t('apiKeys.form.fixFields'));
      setErrors(s.fields);
      setBanner(s.banner);
      reveal();
    } finally {
      setBusy(false);
    }
  };

  const expiresHint = t('apiKeys.form.expiresHint');
  return (
    <form ref={ref} onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4">
      {banner && <ErrorBanner message={banner} />}
      <Field id="api-key-name" label={t('apiKeys.fields.name')} error={errors.name} hint={t('apiKeys.form.nameHint')} required>
        <input
          {...controlProps('api-key-name', errors.name, t('apiKeys.form.nameHint'), true)}
          value={name}
          maxLength={100}
          autoComplete="off"
          onChange={(e) => {
            setName(e.target.value);
            setErrors(({ name: _gone, ...rest }) => rest);
          }}
          className={inputClass}
        />
      </Field>
      <fieldset aria-describedby={scopesError ? 'api-key-scopes-error' : undefined} aria-invalid={scopesError ? true : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-700">
          {t('apiKeys.fields.scopes')} <span aria-hidden="true" className="text-red-700">*</span>
        </legend>
        {readOnly && (
          <p data-testid="developer-read-only" className="mb-2 rounded-md border border-sky-200 bg-sky-50 p-2 text-sm text-sky-900">
            {t('apiKeys.form.developerReadOnly')}
          </p>
        )}
        <div className="flex flex-col gap-2">
          {API_KEY_SCOPES.map((s) => {
            const disabled = readOnly && s !== 'read';
            return (
              <label key={s} className={`flex items-start gap-2 text-sm ${disabled ? 'text-slate-400' : 'text-slate-800'}`}>
                <input
                  type="checkbox"
                  name="scopes"
                  value={s}
                  checked={scopes.includes(s)}
                  disabled={disabled}
                  aria-invalid={scopesError ? true : undefined}
                  aria-describedby={`api-key-scope-${s}-hint`}
                  onChange={(e) => toggle(s, e.target.checked)}
                  className="mt-0.5 size-4 shrink-0 accent-teal-700"
                />
                <span className="min-w-0">
                  <span className="font-medium">{t(`apiKeys.scopes.${s}`)}</span>
                  <span id={`api-key-scope-${s}-hint`} className={`block text-xs ${disabled ? 'text-slate-400' : 'text-slate-500'}`}>
                    {t(`apiKeys.scopeHints.${s}`)}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
        {scopesError && (
          <p id="api-key-scopes-error" className="mt-1 text-sm text-red-700">
            {scopesError}
          </p>
        )}
      </fieldset>
      <Field id="api-key-expires" label={t('apiKeys.fields.expires')} error={errors.expires_at} hint={expiresHint} className="max-w-xs">
        <input
          {...controlProps('api-key-expires', errors.expires_at, expiresHint)}
          type="date"
          min={localDay(1)}
          value={expires}
          onChange={(e) => {
            setExpires(e.target.value);
            setErrors(({ expires_at: _gone, ...rest }) => rest);
          }}
          className={inputClass}
        />
      </Field>
      <div className="flex flex-wrap justify-end gap-2">
        <Button onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t('common.saving') : t('apiKeys.create')}
        </Button>
      </div>
    </form>
  );
}
