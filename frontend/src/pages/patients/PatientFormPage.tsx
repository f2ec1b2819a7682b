import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ArrowLeft } from 'lucide-react';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../auth/MeContext';
import { buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/Card';
import { ErrorState, LoadingState } from '../../components/States';
import { patientKeys, usePatient } from './api';
import { createPayload, emptyValues, patchPayload, valuesFrom } from './formModel';
import { warningsOf, type PatientWarning } from './importTypes';
import { PatientForm } from './PatientForm';
import { SharedPhoneNotice } from './SharedPhoneNotice';

/** A saved patient whose answer carried warnings, shown before going on. */
type Saved = { id: string; phone: string; warnings: PatientWarning[] };

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Link to={to} className={buttonClass('ghost', 'mb-2 -ml-3')}>
      <ArrowLeft aria-hidden="true" className="size-4" />
      {label}
    </Link>
  );
}

export function PatientNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { tenant } = useMe();
  const defaults = useMemo(() => emptyValues(tenant), [tenant]);
  const [saved, setSaved] = useState<Saved | null>(null);
  // The same body sent twice (double click, retry after a network error) reuses
  // its Idempotency-Key, so the patient is not created twice.
  const lastAttempt = useRef<{ body: string; key: string } | null>(null);
  const keyFor = (body: unknown) => {
    const json = JSON.stringify(body);
    if (lastAttempt.current?.body !== json) lastAttempt.current = { body: json, key: newKey() };
    return lastAttempt.current.key;
  };

  return (
    <>
      <BackLink to="/patients" label={t('patients.backToList')} />
      <PageHeader title={t('patients.newTitle')} />
      {saved ? (
        <SharedPhoneNotice patientId={saved.id} phone={saved.phone} warnings={saved.warnings} />
      ) : (
        <PatientForm
          defaultValues={defaults}
          submitLabel={t('patients.form.create')}
          onCancel={() => navigate('/patients')}
          onSave={async (values) => {
            const body = createPayload(values);
            const created = await unwrap(api.POST('/patients', { body, headers: { 'Idempotency-Key': keyFor(body) } }));
            await queryClient.invalidateQueries({ queryKey: patientKeys.all });
            const warnings = warningsOf(created);
            if (warnings.length > 0) setSaved({ id: created.id, phone: created.phone, warnings });
            else navigate(`/patients/${created.id}`, { replace: true });
          }}
        />
      )}
    </>
  );
}

export function PatientEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const patient = usePatient(id);
  const [saved, setSaved] = useState<Saved | null>(null);
  const back = <BackLink to={`/patients/${id}`} label={t('patients.backToPatient')} />;

  if (patient.isPending) return <LoadingState />;
  if (patient.isError)
    return (
      <>
        {back}
        <ErrorState error={patient.error} onRetry={() => void patient.refetch()} />
      </>
    );

  const p = patient.data;
  return (
    <>
      {back}
      <PageHeader title={t('patients.editTitle', { name: p.name })} />
      {saved ? (
        <SharedPhoneNotice patientId={saved.id} phone={saved.phone} warnings={saved.warnings} />
      ) : (
        <PatientForm
          key={`${p.id}-${p.version}`}
          defaultValues={valuesFrom(p)}
          submitLabel={t('common.save')}
          onCancel={() => navigate(`/patients/${id}`)}
          onReload={async () => {
            await patient.refetch();
          }}
          onSave={async (values, changed) => {
            const updated = await unwrap(
              api.PATCH('/patients/{id}', { params: { path: { id } }, body: patchPayload(values, changed, p.version) }),
            );
            queryClient.setQueryData(patientKeys.one(id), updated);
            await queryClient.invalidateQueries({ queryKey: patientKeys.all });
            const warnings = warningsOf(updated);
            if (warnings.length > 0) setSaved({ id, phone: updated.phone, warnings });
            else navigate(`/patients/${id}`);
          }}
        />
      )}
    </>
  );
}
