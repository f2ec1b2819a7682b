import { describe, expect, it } from 'vitest';
import { campaign } from './fixtures';
import { localErrors, placeErrors } from './formErrors';
import { draftFromCampaign, newDraft, toInput, toPatch } from './formModel';
import { formatDuration, settledPercent } from './progress';

const TZ = 'Asia/Jakarta';

describe('campaign form model', () => {
  it('turns the form into the API input, with the start time read in the organization’s zone', () => {
    const d = { ...newDraft(), name: ' Screening ', sendAt: '2026-12-01T09:30', useWindow: true, customOrder: true, channelOrder: ['sms'] };
    d.message = { ...d.message, bodies: { id: 'Halo {{first_name}}', en: '  ', ko: '' } };
    d.segment = { ...d.segment, tagsAny: 'breast, tamoxifen, breast', ageMin: '40', gender: 'female', attributes: [{ key: 'hospital', value: 'RSCM' }, { key: '', value: 'x' }] };
    const body = toInput(d, TZ);
    expect(body).toMatchObject({
      name: 'Screening',
      bodies: { id: 'Halo {{first_name}}' },
      template_id: null,
      channel_order: ['sms'],
      send_at: '2026-12-01T02:30:00Z',
      send_window: { start: '09:00', end: '18:00' },
      rate_per_minute: 600,
      failure_threshold: 20,
    });
    expect(body.audience).toEqual({
      patient_ids: null,
      segment: expect.objectContaining({ tags_any: ['breast', 'tamoxifen'], tags_all: [], age_min: 40, age_max: null, gender: 'female', attributes: { hospital: 'RSCM' } }),
    });
    expect(body).not.toHaveProperty('variants');
  });

  it('reads a stored campaign back into the form, and patches every field with its version', () => {
    const c = campaign(1, { template_id: 't-1', bodies: null, send_at: '2026-12-01T02:30:00Z', audience: { patient_ids: ['p-1'], segment: null }, version: 3 });
    const d = draftFromCampaign(c, TZ);
    expect(d).toMatchObject({ audienceMode: 'patients', patientIds: ['p-1'], sendAt: '2026-12-01T09:30', message: { mode: 'template', templateId: 't-1' } });
    expect(toPatch(d, TZ, c.version)).toMatchObject({ version: 3, template_id: 't-1', variants: [], send_at: '2026-12-01T02:30:00Z', send_window: null });
  });

  it('checks the form before asking, and places server errors on its fields', () => {
    const d = { ...newDraft(), useVariants: true, audienceMode: 'patients' as const };
    d.variants = [{ ...d.variants[0], key: '' }, { ...d.variants[1], mode: 'template' }];
    expect(localErrors(d)).toEqual({ name: 'required', 'variants[0].key': 'required', 'variants[0].bodies': 'bodyRequired', 'variants[1].template_id': 'templateRequired', 'audience.patient_ids': 'patientsRequired' });
    expect(placeErrors({ 'channel_order[1]': 'is named twice', 'audience.segment.tags_any[0]': 'bad', 'audience.segment.attributes.x-y': 'keys…', 'variants[2].bodies.ko': 'unknown', surprise: 'odd' })).toEqual({
      fields: { channel_order: 'is named twice', 'audience.segment.tags_any': 'bad', 'audience.segment.attributes': 'keys…', 'variants[2].bodies.ko': 'unknown' },
      other: ['surprise: odd'],
    });
  });

  it('measures progress as the settled share and says durations in words', () => {
    expect(settledPercent({ total: 200, queued: 50, sent: 100, delivered: 80, failed: 30, skipped: 20 })).toBe(75);
    expect(settledPercent({ total: 1000, queued: 1, sent: 999, delivered: 0, failed: 0, skipped: 0 })).toBe(99);
    expect(settledPercent({ total: 0, queued: 0, sent: 0, delivered: 0, failed: 0, skipped: 0 })).toBe(0);
    expect(formatDuration(45, 'en')).toBe('45 seconds');
    expect(formatDuration(3_720, 'en')).toBe('1 hour and 2 minutes');
    expect(formatDuration(90_000, 'en')).toBe('1 day and 1 hour');
  });
});
