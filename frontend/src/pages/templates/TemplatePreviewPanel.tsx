import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Eye } from 'lucide-react';
import { api, unwrap } from '../../api/client';
import type { Template } from '../../api/types';
import { useMe } from '../../auth/MeContext';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorBanner, useErrorMessage } from '../../components/States';
import { PatientPicker } from '../patients/PatientPicker';
import { renderPieces, sampleValues } from './renderLocal';

/** The body being edited, rendered at once in the browser with sample values. */
export function LocalPreview({ body, lang }: { body: string; lang: string }) {
  const { t } = useTranslation();
  const { tenant } = useMe();
  const pieces = renderPieces(body, sampleValues(tenant.name ?? ''));
  return (
    <Card title={t('templates.localPreview')}>
      <p className="mb-2 text-xs text-slate-500">{t('templates.localPreviewHint')}</p>
      <div lang={lang} data-testid="local-preview" className="min-h-16 whitespace-pre-wrap rounded-lg bg-emerald-50 p-3 text-sm text-slate-900">
        {body.trim() === '' ? (
          <span className="text-slate-400">{t('templates.nothingToPreview')}</span>
        ) : (
          pieces.map((p, i) =>
            p.kind === 'text' ? (
              <span key={i}>{p.text}</span>
            ) : p.kind === 'value' ? (
              <mark key={i} className="rounded bg-teal-100 px-0.5 text-teal-900">
                {p.text}
              </mark>
            ) : (
              <mark key={i} className="rounded bg-red-100 px-0.5 text-red-900">
                {p.text}
              </mark>
            ),
          )
        )}
      </div>
    </Card>
  );
}

/** The saved template rendered by the server for a chosen patient (POST /templates/{id}/preview). */
export function PatientPreview({ template, unsaved }: { template?: Template; unsaved: boolean }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [patientId, setPatientId] = useState('');
  const preview = useMutation({
    mutationFn: (pid: string) =>
      unwrap(api.POST('/templates/{id}/preview', { params: { path: { id: template!.id } }, body: { patient_id: pid } })),
  });
  const data = preview.data;

  return (
    <Card title={t('templates.patientPreview')}>
      {!template ? (
        <p className="text-sm text-slate-600">{t('templates.saveFirst')}</p>
      ) : (
        <div className="flex flex-col gap-3">
          <p className="text-xs text-slate-500">{unsaved ? t('templates.previewSavedVersionDirty') : t('templates.previewSavedVersion')}</p>
          <PatientPicker
            id="template-preview-patient"
            label={t('templates.previewFor')}
            value={patientId}
            onChange={(p) => {
              setPatientId(p?.id ?? '');
              preview.reset();
              if (p) preview.mutate(p.id);
            }}
          />
          {patientId && (
            <Button onClick={() => preview.mutate(patientId)} disabled={preview.isPending} className="self-start">
              <Eye aria-hidden="true" className="size-4" />
              {preview.isPending ? t('templates.rendering') : t('templates.renderAgain')}
            </Button>
          )}
          {preview.isError && <ErrorBanner message={errorMessage(preview.error)} />}
          {data && (
            <div className="flex flex-col gap-2" aria-live="polite">
              <p className="text-sm text-slate-700">{t('templates.patientGets', { language: t(`languages.${data.language}`, { defaultValue: data.language }) })}</p>
              <div lang={data.language} data-testid="patient-preview" className="whitespace-pre-wrap rounded-lg bg-emerald-50 p-3 text-sm text-slate-900">
                {data.body}
              </div>
              {Object.keys(data.samples ?? {}).length > 0 && (
                <div className="text-xs text-slate-600">
                  <p className="font-medium">{t('templates.samplesUsed')}</p>
                  <ul className="mt-1 flex flex-wrap gap-1">
                    {Object.entries(data.samples).map(([k, v]) => (
                      <li key={k}>
                        <Badge>{`${k} = ${v}`}</Badge>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {(data.missing ?? []).length > 0 && (
                <p role="alert" className="text-sm text-amber-800">
                  {t('templates.missingValues', { names: data.missing.map((n) => `{{${n}}}`).join(', ') })}
                </p>
              )}
              {data.kakao_template_code && (
                <div className="text-xs text-slate-600">
                  <p className="font-medium">{t('templates.kakaoSent', { code: data.kakao_template_code })}</p>
                  <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3">
                    {Object.entries(data.kakao_parameters ?? {}).map(([k, v]) => (
                      <div key={k} className="contents">
                        <dt className="font-mono">{k}</dt>
                        <dd>{v}</dd>
                      </div>
                    ))}
                  </dl>
                </div>
              )}
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
