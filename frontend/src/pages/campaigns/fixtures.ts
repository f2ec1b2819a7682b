// Test data for the campaign screens.
import { http, HttpResponse } from 'msw';
import { patient } from '../../test/fixtures';
import { API } from '../../test/server';
import type { Campaign, CampaignCounters, CampaignPreview, CampaignRecipient } from './types';

export function counters(extra: Partial<CampaignCounters> = {}): CampaignCounters {
  return { total: 0, queued: 0, sent: 0, delivered: 0, failed: 0, skipped: 0, ...extra };
}

export function campaign(n: number, extra: Partial<Campaign> = {}): Campaign {
  return {
    id: `c-${n}`,
    name: `Campaign ${n}`,
    status: 'draft',
    template_id: null,
    bodies: { id: 'Halo {{first_name}}, jangan lupa periksa rutin.' },
    variants: [],
    channel_order: [],
    audience: { patient_ids: null, segment: { tags_any: ['breast'], tags_all: [], attributes: {}, surgery_type: null, last_visit_from: null, last_visit_to: null, last_surgery_from: null, last_surgery_to: null, age_min: null, age_max: null, gender: null, language: null, consent: null } },
    send_at: null,
    send_window: null,
    rate_per_minute: 600,
    failure_threshold: 20,
    counters: counters(),
    pause_code: null,
    pause_reason: null,
    waiting_reason: null,
    started_at: null,
    completed_at: null,
    created_at: '2026-11-20T01:00:00Z',
    updated_at: '2026-11-20T01:00:00Z',
    version: 1,
    ...extra,
  };
}

export function preview(extra: Partial<CampaignPreview> = {}): CampaignPreview {
  return {
    count: 123,
    eligible: 118,
    exclusions: { no_phone: 0, opted_out: 3, no_consent: 2, urgent_conversation: 0, already_in_campaign: 0 },
    sample: [patient(1, { name: 'Siti Rahmawati' }), patient(2, { name: 'Budi Santoso' })],
    ...extra,
  };
}

export function recipient(n: number, extra: Partial<CampaignRecipient> = {}): CampaignRecipient {
  return {
    patient_id: `p-${n}`,
    patient_name: `Patient ${n}`,
    message_id: `m-${n}`,
    status: 'delivered',
    skip_reason: null,
    variant: null,
    channel: 'whatsapp',
    error_code: null,
    sent_at: '2026-11-22T02:00:00Z',
    ...extra,
  };
}

export const page = <T,>(data: T[], total = data.length) => HttpResponse.json({ data, page: 1, per_page: 25, total });

/** One campaign, its recipients and an audience count; override with server.use. */
export function campaignHandlers({ one = campaign(1), recipients = [] as CampaignRecipient[] } = {}) {
  return [
    http.get(`${API}/campaigns`, () => page([one])),
    http.get(`${API}/campaigns/${one.id}`, () => HttpResponse.json(one)),
    http.get(`${API}/campaigns/${one.id}/recipients`, () => page(recipients)),
    http.post(`${API}/campaigns/preview-audience`, () => HttpResponse.json(preview())),
  ];
}
