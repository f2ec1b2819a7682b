// Converts between a template, the editor's values and the API payloads.
import type { Template, TemplateInput, TemplatePatch } from '../../api/types';
import { LANGUAGES } from '../../api/types';

export type Lang = (typeof LANGUAGES)[number];

export interface KakaoParamRow {
  name: string;
  variable: string;
}

export interface TemplateFormValues {
  name: string;
  kind: string;
  bodies: Record<Lang, string>;
  kakao_template_code: string;
  kakao_parameters: KakaoParamRow[];
  /** The article whose public page {{link}} is; "" for none. */
  link_article_id: string;
}

export function emptyTemplateValues(): TemplateFormValues {
  return { name: '', kind: 'reminder', bodies: { id: '', ko: '', en: '' }, kakao_template_code: '', kakao_parameters: [], link_article_id: '' };
}

export function templateValuesFrom(t: Template): TemplateFormValues {
  return {
    name: t.name,
    kind: t.kind,
    bodies: { id: t.bodies.id ?? '', ko: t.bodies.ko ?? '', en: t.bodies.en ?? '' },
    kakao_template_code: t.kakao_template_code ?? '',
    kakao_parameters: Object.entries(t.kakao_parameters ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, variable]) => ({ name, variable })),
    link_article_id: t.link_article_id ?? '',
  };
}

function paramMap(rows: KakaoParamRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.name.trim()) out[r.name.trim()] = r.variable.trim();
  return out;
}

export function templateCreatePayload(v: TemplateFormValues): TemplateInput {
  const bodies: TemplateInput['bodies'] = {};
  for (const lang of LANGUAGES) if (v.bodies[lang].trim()) bodies[lang] = v.bodies[lang];
  const body: TemplateInput = { name: v.name.trim(), kind: v.kind as TemplateInput['kind'], bodies };
  if (v.kakao_template_code.trim()) body.kakao_template_code = v.kakao_template_code.trim();
  const params = paramMap(v.kakao_parameters);
  if (Object.keys(params).length > 0) body.kakao_parameters = params;
  if (v.link_article_id) body.link_article_id = v.link_article_id;
  return body;
}

/** The whole edited template as a PATCH: every language ("" removes one), nulls clear the Kakao fields. */
export function templatePatchPayload(v: TemplateFormValues, version: number): TemplatePatch {
  const params = paramMap(v.kakao_parameters);
  return {
    name: v.name.trim(),
    kind: v.kind as TemplatePatch['kind'],
    bodies: { id: v.bodies.id, ko: v.bodies.ko, en: v.bodies.en },
    kakao_template_code: v.kakao_template_code.trim() || null,
    kakao_parameters: Object.keys(params).length > 0 ? params : null,
    link_article_id: v.link_article_id || null,
    version,
  };
}
