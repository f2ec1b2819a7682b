import { useTranslation } from 'react-i18next';
import type { ImportRowError } from '../../api/types';
import { Badge, type Tone } from '../../components/Badge';
import { fieldErrorText } from '../../lib/fieldErrors';
import type { ImportAction, ImportRow } from './importTypes';

const ACTION_TONES: Record<ImportAction, Tone> = { create: 'blue', update: 'amber', skip: 'gray' };

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-top text-sm text-slate-800';

export function ImportErrorsTable({ errors }: { errors: ImportRowError[] }) {
  const { t } = useTranslation();
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200">
        <caption className="px-3 py-2 text-left text-sm font-semibold text-red-800">{t('import.errorsCaption', { count: errors.length })}</caption>
        <thead className="bg-red-50">
          <tr>
            <th scope="col" className={th}>{t('import.row')}</th>
            <th scope="col" className={th}>{t('import.field')}</th>
            <th scope="col" className={th}>{t('import.problem')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {errors.map((e, i) => (
            <tr key={`${e.row}-${e.field}-${i}`}>
              <td className={td}>{e.row}</td>
              <td className={td}>{e.field}</td>
              <td className={`${td} text-red-800`}>{fieldErrorText(e, t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportPreviewTable({ rows, errors }: { rows: ImportRow[]; errors: ImportRowError[] }) {
  const { t } = useTranslation();
  const badRows = new Set(errors.map((e) => e.row));
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200">
        <caption className="px-3 py-2 text-left text-sm font-semibold text-slate-800">{t('import.previewCaption')}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>{t('import.row')}</th>
            <th scope="col" className={th}>{t('patients.fields.name')}</th>
            <th scope="col" className={th}>{t('patients.fields.phone')}</th>
            <th scope="col" className={th}>{t('patients.fields.external_id')}</th>
            <th scope="col" className={th}>{t('patients.fields.language')}</th>
            <th scope="col" className={th}>{t('patients.fields.tags')}</th>
            <th scope="col" className={th}>{t('import.check')}</th>
            <th scope="col" className={th}>{t('import.action')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => {
            const bad = r.valid === false || badRows.has(r.row);
            return (
            <tr key={r.row} className={bad ? 'bg-red-50' : ''}>
              <td className={td}>{r.row}</td>
              <td className={td}>{r.name}</td>
              <td className={`${td} whitespace-nowrap`}>
                {r.phone}
                {(r.warnings ?? []).some((w) => w.code === 'duplicate_phone') && (
                  <span className="mt-1 block" title={(r.warnings ?? []).map((w) => w.message).join(' ')}>
                    <Badge tone="amber">{t('import.sharedPhone')}</Badge>
                  </span>
                )}
              </td>
              <td className={td}>{r.external_id}</td>
              <td className={td}>{r.language}</td>
              <td className={td}>{(r.tags ?? []).join(', ')}</td>
              <td className={td}>{bad ? <Badge tone="red">{t('import.hasErrors')}</Badge> : <Badge tone="green">{t('import.ok')}</Badge>}</td>
              <td className={td}>
                {!bad && r.action && <Badge tone={ACTION_TONES[r.action]}>{t(`import.actions.${r.action}`)}</Badge>}
                {!bad && r.action === 'update' && (r.changes ?? []).length > 0 && (
                  <span className="mt-1 block text-xs text-slate-600">
                    {(r.changes ?? []).map((f) => t(`patients.fields.${f}`, { defaultValue: f })).join(', ')}
                  </span>
                )}
              </td>
            </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
