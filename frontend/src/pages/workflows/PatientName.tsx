import { useTranslation } from 'react-i18next';
import { usePatient } from '../patients/api';

/** A patient's name: the one the execution carries, else looked up by id (each id once, then cached). */
export function PatientName({ id, name }: { id: string; name?: string | null }) {
  const { t } = useTranslation();
  const p = usePatient(id, { enabled: Boolean(id) && !name });
  if (name) return <>{name}</>;
  if (p.data) return <>{p.data.name}</>;
  if (p.isError) return <>{t('workflows.executions.unknownPatient')}</>;
  return <span className="text-slate-400">{t('common.loading')}</span>;
}
