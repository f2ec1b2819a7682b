// The campaign editor's state, and how it becomes the API's input and back.
import { fromZonedInput, toZonedInput } from '../../lib/zoned';
import { DEFAULT_RATE, DEFAULT_THRESHOLD, type Campaign, type CampaignAudience, type CampaignInput, type CampaignPatch, type CampaignSegment } from './types';

export const BODY_LANGS = ['id', 'en', 'ko'] as const;
export type Lang = (typeof BODY_LANGS)[number];
export type Bodies = Record<Lang, string>;

export interface MessageDraft {
  mode: 'text' | 'template';
  bodies: Bodies;
  templateId: string;
}

export interface VariantDraft extends MessageDraft {
  key: string;
  weight: string;
}

export interface SegmentDraft {
  tagsAny: string;
  tagsAll: string;
  attributes: { key: string; value: string }[];
  surgeryType: string;
  lastVisitFrom: string;
  lastVisitTo: string;
  lastSurgeryFrom: string;
  lastSurgeryTo: string;
  ageMin: string;
  ageMax: string;
  gender: '' | NonNullable<CampaignSegment['gender']>;
  language: '' | NonNullable<CampaignSegment['language']>;
  consent: '' | NonNullable<CampaignSegment['consent']>;
}

export interface CampaignDraft {
  name: string;
  message: MessageDraft;
  useVariants: boolean;
  variants: VariantDraft[];
  /** false: the organization's channel order. */
  customOrder: boolean;
  channelOrder: string[];
  audienceMode: 'segment' | 'patients';
  segment: SegmentDraft;
  patientIds: string[];
  /** "YYYY-MM-DDTHH:MM" in the organization's time zone, '' to send when executed. */
  sendAt: string;
  useWindow: boolean;
  windowStart: string;
  windowEnd: string;
  rate: string;
  threshold: string;
}

const emptyBodies = (): Bodies => ({ id: '', en: '', ko: '' });
export const emptyMessage = (): MessageDraft => ({ mode: 'text', bodies: emptyBodies(), templateId: '' });
export const newVariant = (index: number, weight = 50): VariantDraft => ({ ...emptyMessage(), key: String.fromCharCode(65 + index), weight: String(weight) });

export const emptySegment = (): SegmentDraft => ({
  tagsAny: '',
  tagsAll: '',
  attributes: [],
  surgeryType: '',
  lastVisitFrom: '',
  lastVisitTo: '',
  lastSurgeryFrom: '',
  lastSurgeryTo: '',
  ageMin: '',
  ageMax: '',
  gender: '',
  language: '',
  consent: '',
});

export const newDraft = (): CampaignDraft => ({
  name: '',
  message: emptyMessage(),
  useVariants: false,
  variants: [newVariant(0), newVariant(1)],
  customOrder: false,
  channelOrder: ['whatsapp', 'sms'],
  audienceMode: 'segment',
  segment: emptySegment(),
  patientIds: [],
  sendAt: '',
  useWindow: false,
  windowStart: '09:00',
  windowEnd: '18:00',
  rate: String(DEFAULT_RATE),
  threshold: String(DEFAULT_THRESHOLD),
});

const list = (s: string) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];
const text = (s: string) => (s.trim() ? s.trim() : null);
const int = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? null : Math.trunc(Number(s)));

function messageOf(m: MessageDraft): { template_id: string | null; bodies: Record<string, string> | null } {
  if (m.mode === 'template') return { template_id: m.templateId, bodies: null };
  return { template_id: null, bodies: Object.fromEntries(BODY_LANGS.filter((l) => m.bodies[l].trim()).map((l) => [l, m.bodies[l]])) };
}

function messageFrom(templateId: string | null, bodies: Record<string, string> | null): MessageDraft {
  if (templateId) return { mode: 'template', templateId, bodies: emptyBodies() };
  return { mode: 'text', templateId: '', bodies: { ...emptyBodies(), ...(bodies ?? {}) } };
}

export function segmentOf(s: SegmentDraft): CampaignSegment {
  return {
    tags_any: list(s.tagsAny),
    tags_all: list(s.tagsAll),
    attributes: Object.fromEntries(s.attributes.filter((a) => a.key.trim()).map((a) => [a.key.trim(), a.value])),
    surgery_type: text(s.surgeryType),
    last_visit_from: s.lastVisitFrom || null,
    last_visit_to: s.lastVisitTo || null,
    last_surgery_from: s.lastSurgeryFrom || null,
    last_surgery_to: s.lastSurgeryTo || null,
    age_min: int(s.ageMin),
    age_max: int(s.ageMax),
    gender: s.gender || null,
    language: s.language || null,
    consent: s.consent || null,
  };
}

function segmentFrom(s: CampaignSegment | null): SegmentDraft {
  if (!s) return emptySegment();
  return {
    tagsAny: (s.tags_any ?? []).join(', '),
    tagsAll: (s.tags_all ?? []).join(', '),
    attributes: Object.entries(s.attributes ?? {}).map(([key, value]) => ({ key, value })),
    surgeryType: s.surgery_type ?? '',
    lastVisitFrom: s.last_visit_from ?? '',
    lastVisitTo: s.last_visit_to ?? '',
    lastSurgeryFrom: s.last_surgery_from ?? '',
    lastSurgeryTo: s.last_surgery_to ?? '',
    ageMin: s.age_min === null || s.age_min === undefined ? '' : String(s.age_min),
    ageMax: s.age_max === null || s.age_max === undefined ? '' : String(s.age_max),
    gender: s.gender ?? '',
    language: s.language ?? '',
    consent: s.consent ?? '',
  };
}

export function audienceOf(d: Pick<CampaignDraft, 'audienceMode' | 'segment' | 'patientIds'>): CampaignAudience {
  return d.audienceMode === 'patients' ? { patient_ids: d.patientIds, segment: null } : { patient_ids: null, segment: segmentOf(d.segment) };
}

/** Whether the audience can be counted: a segment always, a list once it names someone. */
export const audienceReady = (d: Pick<CampaignDraft, 'audienceMode' | 'patientIds'>) => d.audienceMode === 'segment' || d.patientIds.length > 0;

function sendAtOf(local: string, tz: string): string | null {
  if (!local) return null;
  if (tz) return fromZonedInput(local, tz);
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}

/** The fields create and change share. */
function common(d: CampaignDraft, tz: string) {
  return {
    name: d.name.trim(),
    audience: audienceOf(d),
    channel_order: d.customOrder ? d.channelOrder : [],
    send_at: sendAtOf(d.sendAt, tz),
    send_window: d.useWindow ? { start: d.windowStart, end: d.windowEnd } : null,
    rate_per_minute: int(d.rate) ?? DEFAULT_RATE,
    failure_threshold: int(d.threshold) ?? DEFAULT_THRESHOLD,
  };
}

const variantsOf = (d: CampaignDraft) => d.variants.map((v) => ({ key: v.key.trim(), weight: int(v.weight) ?? 0, ...messageOf(v) }));

export function toInput(d: CampaignDraft, tz: string): CampaignInput {
  const body: CampaignInput = common(d, tz);
  if (d.useVariants) body.variants = variantsOf(d);
  else Object.assign(body, messageOf(d.message));
  return body;
}

/** Every field, so the stored campaign becomes what the form shows; variants [] drops earlier ones. */
export function toPatch(d: CampaignDraft, tz: string, version: number): CampaignPatch {
  const body: CampaignPatch = { ...common(d, tz), version };
  if (d.useVariants) {
    body.variants = variantsOf(d);
  } else {
    body.variants = [];
    const m = messageOf(d.message);
    if (m.template_id !== null) body.template_id = m.template_id;
    else body.bodies = m.bodies;
  }
  return body;
}

export function draftFromCampaign(c: Campaign, tz: string): CampaignDraft {
  const base = newDraft();
  const variants = c.variants ?? [];
  return {
    ...base,
    name: c.name,
    message: variants.length > 0 ? emptyMessage() : messageFrom(c.template_id, c.bodies),
    useVariants: variants.length > 0,
    variants: variants.length > 0 ? variants.map((v) => ({ ...messageFrom(v.template_id, v.bodies), key: v.key, weight: String(v.weight) })) : base.variants,
    customOrder: (c.channel_order ?? []).length > 0,
    channelOrder: (c.channel_order ?? []).length > 0 ? c.channel_order : base.channelOrder,
    audienceMode: (c.audience.patient_ids ?? []).length > 0 ? 'patients' : 'segment',
    segment: segmentFrom(c.audience.segment),
    patientIds: c.audience.patient_ids ?? [],
    sendAt: c.send_at ? (tz ? toZonedInput(c.send_at, tz) : c.send_at.slice(0, 16)) : '',
    useWindow: Boolean(c.send_window),
    windowStart: c.send_window?.start ?? base.windowStart,
    windowEnd: c.send_window?.end ?? base.windowEnd,
    rate: String(c.rate_per_minute),
    threshold: String(c.failure_threshold),
  };
}
