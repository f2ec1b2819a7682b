import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AlertTriangle } from 'lucide-react';
import { buttonClass } from '../../components/Button';
import { Card } from '../../components/Card';
import { sharedCount, type PatientWarning } from './importTypes';

interface Props {
  patientId: string;
  /** The saved patient's phone number (E.164). */
  phone: string;
  warnings: PatientWarning[];
}

/**
 * Shown instead of going straight to the patient when the server accepted the
 * save with a warning: other active patients have the same phone number
 * (allowed, families share phones, but it may be the same person twice).
 */
export function SharedPhoneNotice({ patientId, phone, warnings }: Props) {
  const { t } = useTranslation();
  const digits = phone.replace(/\D/g, '');
  return (
    <Card>
      <div role="status" className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
        <p className="flex items-center gap-2 font-medium">
          <AlertTriangle aria-hidden="true" className="size-4 shrink-0" />
          {t('patients.warnings.saved')}
        </p>
        {warnings.map((w, i) => (
          <p key={`${w.code}-${i}`}>
            {w.code === 'duplicate_phone' ? t('patients.warnings.duplicate_phone', { count: sharedCount(w) }) : w.message}
          </p>
        ))}
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <Link to={`/patients/${patientId}`} className={buttonClass('primary')}>
          {t('patients.warnings.continue')}
        </Link>
        {digits && (
          <Link to={`/patients?q=${encodeURIComponent(digits)}`} className={buttonClass('secondary')}>
            {t('patients.warnings.showShared')}
          </Link>
        )}
      </div>
    </Card>
  );
}
