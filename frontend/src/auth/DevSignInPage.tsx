import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { ErrorBanner, useErrorMessage } from '../components/States';
import { CenteredPage } from './CenteredPage';
import { devSignIn, type DevRole, type DevSession } from './devSession';

export function DevSignInPage({ onSignedIn }: { onSignedIn: (s: DevSession) => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState<DevRole | null>(null);
  const [error, setError] = useState('');

  const signIn = async (role: DevRole) => {
    setBusy(role);
    setError('');
    try {
      onSignedIn(await devSignIn(role));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <CenteredPage title={t('signIn.title')}>
      <p>{t('signIn.devExplanation')}</p>
      {error && (
        <div className="mt-3">
          <ErrorBanner message={error} />
        </div>
      )}
      <div className="mt-5 flex flex-col gap-2">
        <Button variant="primary" disabled={busy !== null} onClick={() => signIn('admin')}>
          {t('signIn.asAdmin')}
        </Button>
        <Button disabled={busy !== null} onClick={() => signIn('volunteer')}>
          {t('signIn.asVolunteer')}
        </Button>
      </div>
    </CenteredPage>
  );
}
