import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Play, X } from 'lucide-react';
import type { Patient } from '../../api/types';
import { Button, buttonClass } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { newIdempotencyKey } from '../../lib/idempotency';
import { PatientPicker } from '../patients/PatientPicker';
import { executionKeys, runWorkflow } from './api';
import type { Workflow } from './types';

/** Starts the saved, active workflow now for chosen patients. */
export function RunPanel({ workflow, unsaved }: { workflow: Workflow; unsaved: boolean }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [patients, setPatients] = useState<Patient[]>([]);
  const key = useRef(newIdempotencyKey());
  const run = useMutation({
    mutationFn: (ids: string[]) => runWorkflow(workflow.id, ids, key.current.for({ id: workflow.id, ids })),
    onSuccess: () => {
      setPatients([]);
      void queryClient.invalidateQueries({ queryKey: executionKeys.all });
    },
  });
  return (
    <Card title={t('workflows.run.title')}>
      <p className="mb-3 text-sm text-slate-600">{workflow.is_active ? t('workflows.run.hint') : t('workflows.run.inactive')}</p>
      {unsaved && workflow.is_active && <p className="mb-3 text-sm text-amber-800">{t('workflows.run.unsaved', { version: workflow.version })}</p>}
      {workflow.is_active && (
        <>
          <PatientPicker
            id="wf-run-patient"
            label={t('workflows.run.patient')}
            value=""
            onChange={(p) => {
              if (p && !patients.some((x) => x.id === p.id)) setPatients([...patients, p]);
              run.reset();
            }}
          />
          {patients.length > 0 && (
            <ul aria-label={t('workflows.run.chosen')} className="mt-2 flex flex-wrap gap-1.5">
              {patients.map((p) => (
                <li key={p.id} className="inline-flex max-w-full items-center gap-1 rounded-full bg-teal-50 py-0.5 pr-1 pl-2.5 text-sm text-teal-900">
                  <span className="truncate">{p.name}</span>
                  <button
                    type="button"
                    onClick={() => setPatients(patients.filter((x) => x.id !== p.id))}
                    aria-label={t('workflows.run.remove', { name: p.name })}
                    className="rounded-full p-0.5 hover:bg-teal-100"
                  >
                    <X aria-hidden="true" className="size-3.5" />
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="mt-3 flex flex-wrap items-center gap-2">
            <Button variant="primary" disabled={patients.length === 0 || run.isPending} onClick={() => run.mutate(patients.map((p) => p.id))}>
              <Play aria-hidden="true" className="size-4" />
              {run.isPending ? t('workflows.run.starting') : patients.length > 0 ? t('workflows.run.start', { count: patients.length }) : t('workflows.run.startNone')}
            </Button>
          </div>
        </>
      )}
      {run.isError && (
        <div className="mt-3">
          <ErrorBanner message={errorMessage(run.error)} />
        </div>
      )}
      {run.data && (
        <p role="status" className="mt-3 flex flex-wrap items-center gap-2 rounded-md border border-emerald-200 bg-emerald-50 p-2 text-sm text-emerald-900">
          {t('workflows.run.started', { count: run.data.execution_ids.length })}
          <Link
            to={run.data.execution_ids.length === 1 ? `/workflow-executions/${run.data.execution_ids[0]}` : `/workflows/${workflow.id}/executions`}
            className={buttonClass('secondary', 'py-1')}
          >
            {run.data.execution_ids.length === 1 ? t('workflows.run.openOne') : t('workflows.run.openAll')}
          </Link>
        </p>
      )}
    </Card>
  );
}
