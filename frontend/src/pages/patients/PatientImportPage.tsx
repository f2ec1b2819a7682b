import { useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, CheckCircle2, Download } from 'lucide-react';
import { ApiError } from '../../api/problem';
import type { ImportRowError } from '../../api/types';
import { Button, buttonClass } from '../../components/Button';
import { Card, PageHeader } from '../../components/Card';
import { ErrorBanner, LoadingState, useErrorMessage } from '../../components/States';
import { formatNumber } from '../../lib/format';
import { importPatients, patientKeys } from './api';
import { ImportErrorsTable, ImportPreviewTable } from './ImportTables';
import { downloadImportSample } from './importSample';
import type { ImportOutcome } from './importTypes';

const COLUMNS =
  'name,phone,email,birth_date,gender,language,timezone,diagnosis,cancer_stage,notes,tags,external_id,consent,preferred_channel,last_visit_date,last_surgery_date';

/** Row errors carried by a 422 ("rows[3].phone"), with their codes. */
function rowErrorsFrom(err: ApiError): ImportRowError[] {
  return Object.entries(err.fieldProblems).map(([field, p]) => {
    const e = { code: (p.code ?? 'invalid') as ImportRowError['code'], message: p.message, params: p.params ?? undefined };
    const m = /^rows\[(\d+)\]\.?(.*)$/.exec(field);
    return m ? { row: Number(m[1]), field: m[2], ...e } : { row: 0, field, ...e };
  });
}

type Stage = { kind: 'choose' } | { kind: 'checking' } | { kind: 'preview'; result: ImportOutcome } | { kind: 'importing'; result: ImportOutcome } | { kind: 'done'; result: ImportOutcome };

/** Rows a commit writes: new and changed patients (all valid rows for an answer without actions). */
function rowsToWrite(r: ImportOutcome): number {
  return r.actions ? r.actions.create + r.actions.update : (r.valid_rows ?? 0);
}

export function PatientImportPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [error, setError] = useState('');
  const [rejected, setRejected] = useState<ImportRowError[]>([]);
  const n = (v: number | undefined) => formatNumber(v ?? 0, i18n.language);

  const check = async (chosen: File) => {
    setStage({ kind: 'checking' });
    setError('');
    setRejected([]);
    try {
      setStage({ kind: 'preview', result: (await importPatients(chosen, true)) as ImportOutcome });
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError) setRejected(rowErrorsFrom(err));
      setStage({ kind: 'choose' });
    }
  };

  const commit = async (result: ImportOutcome) => {
    if (!file) return;
    setStage({ kind: 'importing', result });
    setError('');
    try {
      const done = (await importPatients(file, false)) as ImportOutcome;
      await queryClient.invalidateQueries({ queryKey: patientKeys.all });
      setStage({ kind: 'done', result: done });
    } catch (err) {
      setError(t('import.rejected', { message: errorMessage(err) }));
      if (err instanceof ApiError) setRejected(rowErrorsFrom(err));
      setStage({ kind: 'preview', result });
    }
  };

  const result = 'result' in stage ? stage.result : null;
  const rowErrors = result?.errors ?? [];
  const toWrite = result ? rowsToWrite(result) : 0;
  const canImport = stage.kind === 'preview' && rowErrors.length === 0 && toWrite > 0;
  const [sampleError, setSampleError] = useState('');

  return (
    <>
      <Link to="/patients" className={buttonClass('ghost', 'mb-2 -ml-3')}>
        <ArrowLeft aria-hidden="true" className="size-4" />
        {t('patients.backToList')}
      </Link>
      <PageHeader title={t('import.title')} />
      <Card>
        <p className="text-sm text-slate-700">{t('import.explanation')}</p>
        <p className="mt-2 break-all rounded bg-slate-100 p-2 font-mono text-xs text-slate-700">{COLUMNS}</p>
        <p className="mt-2 text-sm text-slate-600">{t('import.columnsHint')}</p>
        <Button
          className="mt-3"
          onClick={() => {
            setSampleError('');
            downloadImportSample().catch((err: unknown) => setSampleError(errorMessage(err)));
          }}
        >
          <Download aria-hidden="true" className="size-4" />
          {t('import.sample')}
        </Button>
        {sampleError && (
          <div className="mt-2">
            <ErrorBanner message={sampleError} />
          </div>
        )}
        <div className="mt-4">
          <label htmlFor="import-file" className="mb-1 block text-sm font-medium text-slate-700">
            {t('import.chooseFile')}
          </label>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            disabled={stage.kind === 'checking' || stage.kind === 'importing'}
            onChange={(e) => {
              const chosen = e.target.files?.[0] ?? null;
              setFile(chosen);
              if (chosen) void check(chosen);
            }}
            className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-teal-700 file:px-3 file:py-2 file:text-sm file:font-medium file:text-white"
          />
        </div>
      </Card>

      {error && (
        <div className="mt-4">
          <ErrorBanner message={error} />
        </div>
      )}
      {rejected.length > 0 && (
        <Card className="mt-4 p-0!">
          <ImportErrorsTable errors={rejected} />
        </Card>
      )}
      {stage.kind === 'checking' && <LoadingState label={t('import.checking')} />}

      {result && stage.kind !== 'done' && (
        <Card className="mt-4" title={t('import.previewTitle')}>
          <p className="text-sm text-slate-700">
            {t('import.summary', { total: n(result.total_rows), valid: n(result.valid_rows), invalid: n(rowErrors.length) })}
          </p>
          {result.actions && (
            <p className="mt-1 text-sm text-slate-700">
              {t('import.actionsSummary', { create: n(result.actions.create), update: n(result.actions.update), skip: n(result.actions.skip) })}
            </p>
          )}
          {rowErrors.length === 0 && result.actions && toWrite === 0 && (
            <p className="mt-2 text-sm font-medium text-slate-800">{t('import.nothingToImport')}</p>
          )}
          {rowErrors.length > 0 && <p className="mt-2 text-sm font-medium text-red-800">{t('import.fixAndRetry')}</p>}
          {rowErrors.length > 0 && (
            <div className="mt-3">
              <ImportErrorsTable errors={rowErrors} />
            </div>
          )}
          {(result.preview ?? []).length > 0 && (
            <div className="mt-3">
              <ImportPreviewTable rows={result.preview ?? []} errors={rowErrors} />
            </div>
          )}
          <div className="mt-4 flex justify-end">
            <Button variant="primary" disabled={!canImport} onClick={() => void commit(result)}>
              {stage.kind === 'importing'
                ? t('import.importing')
                : result.actions
                  ? t('import.importRows', { count: toWrite, n: n(toWrite) })
                  : t('import.importN', { count: toWrite, n: n(toWrite) })}
            </Button>
          </div>
        </Card>
      )}

      {stage.kind === 'done' && (
        <Card className="mt-4">
          <p role="status" className="flex items-center gap-2 text-sm font-medium text-emerald-800">
            <CheckCircle2 aria-hidden="true" className="size-5" />
            {t('import.done', { count: stage.result.created ?? 0, n: n(stage.result.created) })}
          </p>
          {stage.result.actions && (
            <p className="mt-1 text-sm text-slate-700">
              {t('import.doneDetail', { created: n(stage.result.created), updated: n(stage.result.updated), skipped: n(stage.result.skipped) })}
            </p>
          )}
          <Link to="/patients" className={buttonClass('primary', 'mt-3')}>
            {t('import.viewPatients')}
          </Link>
        </Card>
      )}
    </>
  );
}
