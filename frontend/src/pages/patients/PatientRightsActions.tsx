import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Download, ShieldX } from 'lucide-react';
import { Button } from '../../components/Button';
import { useErrorMessage } from '../../components/States';
import { fileNameFrom, saveBlob } from '../../lib/download';
import { patientKeys } from './api';
import { ERASE_CONFIRMATION, erasePatient, exportPatientRecord } from './rightsApi';

interface Props {
  patientId: string;
  patientName: string;
}

/** An admin's patient-rights actions: download the whole record, erase the patient for good. */
export function PatientRightsActions({ patientId, patientName }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [erasing, setErasing] = useState(false);

  const download = useMutation({
    mutationFn: async () => {
      const { blob, disposition } = await exportPatientRecord(patientId);
      saveBlob(blob, fileNameFrom(disposition, `patient-${patientId}.json`));
    },
  });
  const erase = useMutation({
    mutationFn: () => erasePatient(patientId),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: patientKeys.one(patientId) });
      await queryClient.invalidateQueries({ queryKey: patientKeys.all });
      navigate('/patients', { replace: true });
    },
  });

  return (
    <>
      <Button onClick={() => download.mutate()} disabled={download.isPending}>
        <Download aria-hidden="true" className="size-4" />
        {download.isPending ? t('patients.rights.exporting') : t('patients.rights.export')}
      </Button>
      {download.isError && (
        <span role="alert" className="self-center text-sm text-red-700">
          {errorMessage(download.error)}
        </span>
      )}
      <Button variant="danger" onClick={() => setErasing(true)}>
        <ShieldX aria-hidden="true" className="size-4" />
        {t('patients.rights.erase')}
      </Button>
      <EraseDialog
        open={erasing}
        name={patientName}
        busy={erase.isPending}
        error={erase.isError ? errorMessage(erase.error) : undefined}
        onConfirm={() => erase.mutate()}
        onCancel={() => {
          setErasing(false);
          erase.reset();
        }}
      />
    </>
  );
}

interface DialogProps {
  open: boolean;
  name: string;
  busy: boolean;
  error?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The erasure's confirmation: the admin types the confirmation word before the button works. */
function EraseDialog({ open, name, busy, error, onConfirm, onCancel }: DialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState('');
  const onCancelRef = useRef(onCancel);
  useEffect(() => {
    onCancelRef.current = onCancel;
  });

  useEffect(() => {
    if (!open) return;
    setTyped('');
    const previous = document.activeElement as HTMLElement | null;
    inputRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCancelRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, [open]);

  if (!open) return null;
  const confirmed = typed.trim() === ERASE_CONFIRMATION;
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4">
      <div role="alertdialog" aria-modal="true" aria-labelledby={titleId} className="w-full max-w-md rounded-lg bg-white p-5 shadow-xl">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          {t('patients.rights.eraseTitle')}
        </h2>
        <p className="mt-2 text-sm text-slate-700">{t('patients.rights.eraseText', { name })}</p>
        <label htmlFor={inputId} className="mt-4 block text-sm font-medium text-slate-800">
          {t('patients.rights.eraseType', { word: ERASE_CONFIRMATION })}
        </label>
        <input
          ref={inputRef}
          id={inputId}
          value={typed}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setTyped(e.target.value)}
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-red-500 focus:outline-none"
        />
        {error && (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {error}
          </p>
        )}
        <div className="mt-5 flex flex-wrap justify-end gap-2">
          <Button onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button variant="danger" onClick={onConfirm} disabled={busy || !confirmed}>
            {busy ? t('patients.rights.erasing') : t('patients.rights.eraseConfirm')}
          </Button>
        </div>
      </div>
    </div>
  );
}
