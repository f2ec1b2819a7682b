import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus, Trash2 } from 'lucide-react';
import { Button } from '../../../components/Button';
import { inputClass } from '../../../components/Field';
import { SET_FIELDS } from '../types';
import { ListInput, str, strList, TextArea, TextInput, type FieldsProps } from './common';

interface SetRow {
  key: string;
  value: string;
}

const rowsOf = (set: unknown): SetRow[] =>
  Object.entries((set as Record<string, unknown>) ?? {}).map(([key, value]) => ({ key, value: value === null || value === undefined ? '' : String(value) }));

/** update_patient: tags to add and remove, and fields or attributes.<name> to set (empty clears). */
export function UpdatePatientFields({ data, errors, readOnly, update }: FieldsProps) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<SetRow[]>(() => rowsOf(data.set));
  const commit = (next: SetRow[]) => {
    setRows(next);
    const set: Record<string, string | null> = {};
    for (const r of next) if (r.key.trim()) set[r.key.trim()] = r.value === '' ? null : r.value;
    if (Object.keys(set).length > 0) update({ set });
    else update({}, ['set']);
  };
  const list = (key: 'add_tags' | 'remove_tags') => (l: string[]) => (l.length > 0 ? update({ [key]: l }) : update({}, [key]));
  return (
    <>
      <ListInput k="add_tags" label={t('workflows.fields.addTags')} value={strList(data.add_tags)} error={errors.add_tags} hint={t('workflows.fields.commaHint')} readOnly={readOnly} onChange={list('add_tags')} />
      <ListInput k="remove_tags" label={t('workflows.fields.removeTags')} value={strList(data.remove_tags)} error={errors.remove_tags} readOnly={readOnly} onChange={list('remove_tags')} />
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('workflows.fields.set')}</legend>
        <datalist id="wf-set-fields">
          {SET_FIELDS.map((f) => (
            <option key={f} value={f} />
          ))}
          <option value="attributes." />
        </datalist>
        <ul className="flex flex-col gap-2">
          {rows.map((r, i) => (
            <li key={i} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] gap-1.5">
              <input
                aria-label={t('workflows.fields.setKey', { n: i + 1 })}
                list="wf-set-fields"
                value={r.key}
                readOnly={readOnly}
                onChange={(e) => commit(rows.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))}
                className={`${inputClass} font-mono text-xs`}
              />
              <input
                aria-label={t('workflows.fields.setValue', { n: i + 1 })}
                value={r.value}
                readOnly={readOnly}
                onChange={(e) => commit(rows.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
                className={inputClass}
              />
              {!readOnly && (
                <Button variant="ghost" className="px-2" onClick={() => commit(rows.filter((_, j) => j !== i))} aria-label={t('workflows.fields.removeSet', { n: i + 1 })}>
                  <Trash2 aria-hidden="true" className="size-4" />
                </Button>
              )}
            </li>
          ))}
        </ul>
        <p className="mt-1 text-xs text-slate-500">{t('workflows.fields.setHint')}</p>
        {errors.set && <p className="mt-1 text-sm text-red-700">{errors.set}</p>}
        {!readOnly && (
          <Button className="mt-2 py-1" onClick={() => setRows([...rows, { key: '', value: '' }])}>
            <Plus aria-hidden="true" className="size-4" />
            {t('workflows.fields.addSet')}
          </Button>
        )}
      </fieldset>
    </>
  );
}

/** call_webhook: an http(s) URL and an optional JSON body, sent signed with the workflow's secret. */
export function CallWebhookFields({ data, errors, readOnly, update }: FieldsProps) {
  const { t } = useTranslation();
  const [body, setBody] = useState(data.body === undefined ? '' : JSON.stringify(data.body, null, 2));
  const [bad, setBad] = useState(false);
  return (
    <>
      <TextInput k="url" type="url" label={t('workflows.fields.url')} value={str(data.url)} error={errors.url} placeholder="https://" readOnly={readOnly} required onChange={(v) => update({ url: v })} />
      <TextArea
        k="body"
        mono
        rows={6}
        label={t('workflows.fields.body')}
        value={body}
        error={bad ? t('workflows.fields.badJson') : errors.body}
        hint={t('workflows.fields.bodyHint')}
        readOnly={readOnly}
        onChange={(v) => {
          setBody(v);
          if (!v.trim()) {
            setBad(false);
            update({}, ['body']);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(v);
            setBad(false);
            update({ body: parsed });
          } catch {
            setBad(true);
          }
        }}
      />
    </>
  );
}
