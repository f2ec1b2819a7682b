import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Patient } from '../../api/types';
import { Badge, consentTone } from '../../components/Badge';
import { focusRing } from '../../components/Button';
import { formatDate } from '../../lib/format';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
const td = 'px-3 py-2 align-top text-sm text-slate-800';

export function PatientTable({ patients }: { patients: Patient[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>{t('patients.fields.name')}</th>
            <th scope="col" className={th}>{t('patients.fields.phone')}</th>
            <th scope="col" className={`${th} hidden md:table-cell`}>{t('patients.fields.tags')}</th>
            <th scope="col" className={th}>{t('patients.fields.consent')}</th>
            <th scope="col" className={`${th} hidden lg:table-cell`}>{t('patients.fields.language')}</th>
            <th scope="col" className={`${th} hidden lg:table-cell`}>{t('patients.fields.updated_at')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {patients.map((p) => (
            <tr key={p.id} className={p.is_active === false ? 'text-slate-500' : ''}>
              <td className={td}>
                <Link to={`/patients/${p.id}`} className={`font-medium text-teal-800 underline-offset-2 hover:underline ${focusRing}`}>
                  {p.name}
                </Link>
                {p.is_active === false && (
                  <span className="ml-2">
                    <Badge>{t('patients.inactive')}</Badge>
                  </span>
                )}
              </td>
              <td className={`${td} whitespace-nowrap`}>{p.phone}</td>
              <td className={`${td} hidden md:table-cell`}>
                <div className="flex flex-wrap gap-1">
                  {(p.tags ?? []).map((tag) => (
                    <Badge key={tag}>{tag}</Badge>
                  ))}
                </div>
              </td>
              <td className={td}>
                {p.consent && <Badge tone={consentTone(p.consent)}>{t(`consent.${p.consent}`, { defaultValue: p.consent })}</Badge>}
              </td>
              <td className={`${td} hidden lg:table-cell`}>{p.language ? t(`languages.${p.language}`, { defaultValue: p.language }) : ''}</td>
              <td className={`${td} hidden whitespace-nowrap lg:table-cell`}>{formatDate(p.updated_at, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
