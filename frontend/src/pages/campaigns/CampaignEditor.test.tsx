import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';
import { campaign, campaignHandlers, preview } from './fixtures';
import type { CampaignInput, CampaignPatch, CampaignPreviewRequest } from './types';

const textbox = (name: string | RegExp) => screen.getByRole('textbox', { name });

describe('campaign editor', () => {
  it('shows the live recipient count, and counts again once the segment changes', async () => {
    const asked: CampaignPreviewRequest[] = [];
    server.use(...campaignHandlers());
    server.use(
      http.post(`${API}/campaigns/preview-audience`, async ({ request }) => {
        const body = (await request.json()) as CampaignPreviewRequest;
        asked.push(body);
        const tagged = (body.audience.segment?.tags_any ?? []).length > 0;
        return HttpResponse.json(tagged ? preview({ count: 40, eligible: 37, exclusions: { no_phone: 1, opted_out: 2, no_consent: 0, urgent_conversation: 0, already_in_campaign: 0 } }) : preview());
      }),
    );
    const user = userEvent.setup();
    renderApp('/campaigns/new');
    const panel = await screen.findByTestId('audience-preview');
    expect(await within(panel).findByText('118 patients will receive it')).toBeInTheDocument();
    expect(within(panel).getByText('123 patients chosen in all')).toBeInTheDocument();
    const exclusions = within(panel).getByTestId('preview-exclusions');
    expect(within(exclusions).getByText('Opted out').nextSibling).toHaveTextContent('3');
    expect(within(exclusions).getByText('No consent').nextSibling).toHaveTextContent('2');
    expect(within(exclusions).getByText('Already in this campaign')).toBeInTheDocument();
    expect(within(panel).getByText('Siti Rahmawati')).toBeInTheDocument();
    expect(within(panel).getByText('Budi Santoso')).toBeInTheDocument();
    expect(asked[0].audience).toMatchObject({ patient_ids: null, segment: { tags_any: [], language: null } });

    await user.type(textbox('Has any of these tags'), 'breast, tamoxifen');
    await user.selectOptions(screen.getByLabelText('Language', { selector: 'select#segment-language' }), 'ko');
    expect(await within(panel).findByText('37 patients will receive it')).toBeInTheDocument();
    expect(within(panel).getByText('40 patients chosen in all')).toBeInTheDocument();
    // Typing is not counted letter by letter: the count waits until the segment stops changing.
    expect(asked.length).toBeLessThanOrEqual(3);
    expect(asked.at(-1)?.audience.segment).toMatchObject({ tags_any: ['breast', 'tamoxifen'], language: 'ko' });
  });

  it('shows the server’s validation errors next to their fields, then saves a draft', async () => {
    const sent: CampaignInput[] = [];
    let refuse = true;
    server.use(
      ...campaignHandlers({ one: campaign(7, { name: 'Screening month' }) }),
      http.post(`${API}/campaigns`, async ({ request }) => {
        sent.push((await request.json()) as CampaignInput);
        if (refuse) {
          refuse = false;
          return problem(400, 'validation_failed', 'Validation failed', [
            { field: 'bodies.id', message: '{{hospital}} is not available in a campaign (use name, first_name, clinic or attributes.KEY)' },
            { field: 'audience.segment.age_max', message: 'must be at least age_min' },
            { field: 'rate_per_minute', message: 'must be a whole number from 1 to 600000' },
          ]);
        }
        return HttpResponse.json(campaign(7, { name: 'Screening month' }), { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/campaigns/new');
    await screen.findByTestId('audience-preview');

    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText('Some fields need attention.')).toBeInTheDocument();
    expect(textbox(/^Name/)).toHaveAccessibleDescription('Required.');
    expect(sent).toHaveLength(0);

    await user.type(textbox(/^Name/), 'Screening month');
    await user.type(textbox('Text in Bahasa Indonesia'), 'Halo {{{{hospital}}');
    await user.type(screen.getByRole('spinbutton', { name: 'Age from' }), '60');
    await user.type(screen.getByRole('spinbutton', { name: 'Age up to' }), '40');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    expect(await screen.findByText('must be at least age_min')).toBeInTheDocument();
    expect(screen.getByRole('spinbutton', { name: 'Age up to' })).toHaveAccessibleDescription('must be at least age_min');
    expect(textbox('Text in Bahasa Indonesia')).toHaveAccessibleDescription(/is not available in a campaign/);
    expect(screen.getByRole('spinbutton', { name: 'Messages per minute' })).toHaveAttribute('aria-invalid', 'true');
    expect(sent[0]).toMatchObject({ name: 'Screening month', bodies: { id: 'Halo {{hospital}}' }, template_id: null, rate_per_minute: 600, channel_order: [] });
    expect(sent[0].audience.segment).toMatchObject({ age_min: 60, age_max: 40 });

    await user.clear(screen.getByRole('spinbutton', { name: 'Age up to' }));
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByRole('heading', { name: 'Screening month', level: 1 })).toBeInTheDocument();
    expect(sent).toHaveLength(2);
  });

  it('edits a draft with variants and chosen patients, sending every field with its version', async () => {
    const one = campaign(3, {
      bodies: null,
      variants: [
        { key: 'A', weight: 50, bodies: { en: 'Hello {{name}}' }, template_id: null },
        { key: 'B', weight: 50, bodies: { en: 'Hi {{first_name}}' }, template_id: null },
      ],
      audience: { patient_ids: ['p-1', 'p-2'], segment: null },
      send_window: { start: '09:00', end: '17:00' },
      version: 4,
    });
    const patches: CampaignPatch[] = [];
    server.use(
      ...campaignHandlers({ one }),
      http.patch(`${API}/campaigns/c-3`, async ({ request }) => {
        patches.push((await request.json()) as CampaignPatch);
        return HttpResponse.json({ ...one, version: 5 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/campaigns/c-3/edit');
    expect(await screen.findByRole('heading', { name: 'Edit campaign' })).toBeInTheDocument();
    expect(screen.getAllByTestId('campaign-variant')).toHaveLength(2);
    expect(screen.getByText('2 patients chosen')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add a variant' }));
    const third = screen.getAllByTestId('campaign-variant')[2];
    expect(within(third).getByRole('textbox', { name: /^Variant/ })).toHaveValue('C');
    await user.type(within(third).getByRole('textbox', { name: 'Text in Bahasa Indonesia' }), 'Halo');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toMatchObject({ version: 4, audience: { patient_ids: ['p-1', 'p-2'], segment: null }, send_window: { start: '09:00', end: '17:00' }, send_at: null });
    expect(patches[0].variants?.map((v) => v.key)).toEqual(['A', 'B', 'C']);
    expect(patches[0].variants?.[2]).toMatchObject({ weight: 34, bodies: { id: 'Halo' }, template_id: null });
    expect(patches[0]).not.toHaveProperty('bodies');
  });
});
