import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Template } from '../../api/types';
import { patient } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';

const UNKNOWN = 'unknown variable {{nama}} at character 6; use one of {{name}}, {{first_name}}';

describe('template editor', () => {
  it('shows the server unknown-variable error beside the body field', async () => {
    let sent: Record<string, unknown> | undefined;
    server.use(
      http.post(`${API}/templates`, async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return problem(400, 'validation_failed', 'The request is not valid.', [{ field: 'bodies.id', message: UNKNOWN }]);
      }),
    );
    const user = userEvent.setup();
    renderApp('/templates/new');

    await user.type(await screen.findByLabelText(/^Name/), 'Tamoxifen pagi');
    const body = screen.getByLabelText('Text in Bahasa Indonesia');
    await user.click(body);
    await user.paste('Halo {{nama}}, minum ');
    await user.click(screen.getByRole('button', { name: '{{medication}}' }));
    expect(body).toHaveValue('Halo {{nama}}, minum {{medication}}');
    // The local preview fills known variables with sample values.
    expect(screen.getByTestId('local-preview')).toHaveTextContent('Halo {{nama}}, minum Tamoxifen');

    await user.click(screen.getByRole('button', { name: 'Create template' }));

    const error = await screen.findByText(UNKNOWN);
    expect(body).toHaveAttribute('aria-invalid', 'true');
    expect(body).toHaveAccessibleDescription(expect.stringContaining(UNKNOWN));
    expect(within(body.parentElement!).getByText(UNKNOWN)).toBe(error);
    expect(screen.getByLabelText(/^Name/)).not.toHaveAttribute('aria-invalid');
    expect(sent).toEqual({ name: 'Tamoxifen pagi', kind: 'reminder', bodies: { id: 'Halo {{nama}}, minum {{medication}}' } });
  });

  it('opens the language tab whose body the server refused', async () => {
    server.use(
      http.post(`${API}/templates`, () => problem(400, 'validation_failed', 'The request is not valid.', [{ field: 'bodies.ko', message: '{{ at character 3 is never closed with }}' }])),
    );
    const user = userEvent.setup();
    renderApp('/templates/new');
    await user.type(await screen.findByLabelText(/^Name/), 'Kontrol');
    await user.click(screen.getByLabelText('Text in Bahasa Indonesia'));
    await user.paste('Halo');
    await user.click(screen.getByRole('tab', { name: /Korean/ }));
    await user.click(screen.getByLabelText('Text in Korean'));
    await user.paste('안녕 {{');
    await user.click(screen.getByRole('tab', { name: /Bahasa Indonesia/ }));
    await user.click(screen.getByRole('button', { name: 'Create template' }));

    expect(await screen.findByText('{{ at character 3 is never closed with }}')).toBeVisible();
    expect(screen.getByRole('tab', { name: /Korean/ })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: /Korean/ })).toHaveAccessibleName(/has an error/);
  });

  it('previews the saved template for a chosen patient', async () => {
    const tpl: Template = {
      id: 't-1',
      name: 'Tamoxifen pagi',
      kind: 'reminder',
      bodies: { id: 'Halo {{first_name}}! Saatnya minum {{medication}}.', ko: null, en: null },
      kakao_template_code: null,
      kakao_parameters: {},
      variables: ['first_name', 'medication'],
      created_at: '2026-11-22T01:00:00Z',
      updated_at: '2026-11-22T01:00:00Z',
      link_article_id: null,
      version: 2,
    };
    let previewBody: unknown;
    server.use(
      http.get(`${API}/templates/t-1`, () => HttpResponse.json(tpl)),
      http.get(`${API}/patients/p-1`, () => HttpResponse.json(patient(1))),
      http.post(`${API}/templates/t-1/preview`, async ({ request }) => {
        previewBody = await request.json();
        return HttpResponse.json({
          template_id: 't-1',
          patient_id: 'p-1',
          language: 'id',
          body: 'Halo Patient! Saatnya minum Tamoxifen.',
          bodies: { id: 'Halo Patient! Saatnya minum Tamoxifen.', ko: null, en: null },
          kakao_template_code: null,
          kakao_parameters: {},
          samples: { medication: 'Tamoxifen' },
          missing: [],
        });
      }),
    );
    const user = userEvent.setup();
    renderApp('/templates/t-1');
    await user.click(await screen.findByRole('combobox', { name: 'Patient' }));
    await user.click(await screen.findByRole('option', { name: /Patient 1/ }));
    expect(await screen.findByTestId('patient-preview')).toHaveTextContent('Halo Patient! Saatnya minum Tamoxifen.');
    expect(screen.getByText('The patient gets it in Bahasa Indonesia:')).toBeInTheDocument();
    expect(screen.getByText('medication = Tamoxifen')).toBeInTheDocument();
    expect(previewBody).toEqual({ patient_id: 'p-1' });
  });

  it('links {{link}} to a published article', async () => {
    let sent: Record<string, unknown> | undefined;
    server.use(
      http.get(`${API}/articles`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('published')).toBe('true');
        return HttpResponse.json({
          data: [{ id: 'a-1', title: 'Cara minum Tamoxifen', slug: 'cara-minum-tamoxifen', body_markdown: '', body_html: '', category: '',
            cover_image_url: null, language: 'id', published: true, published_at: '2026-11-22T01:00:00Z',
            public_url: 'http://localhost:8080/public/articles/cara-minum-tamoxifen', created_at: '2026-11-22T01:00:00Z',
            updated_at: '2026-11-22T01:00:00Z', version: 1 }],
          page: 1, per_page: 100, total: 1,
        });
      }),
      http.post(`${API}/templates`, async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return problem(400, 'validation_failed', 'The request is not valid.', [{ field: 'link_article_id', message: 'is not an article of your organization' }]);
      }),
    );
    const user = userEvent.setup();
    renderApp('/templates/new');
    await user.type(await screen.findByLabelText(/^Name/), 'Baca artikel');
    await user.click(screen.getByLabelText('Text in Bahasa Indonesia'));
    await user.paste('Baca {{link}}');
    const select = screen.getByLabelText('Link to article');
    await user.selectOptions(select, await screen.findByRole('option', { name: 'Cara minum Tamoxifen (ID)' }));
    await user.click(screen.getByRole('button', { name: 'Create template' }));
    await screen.findByText('is not an article of your organization');
    expect(select).toHaveAttribute('aria-invalid', 'true');
    expect(sent).toMatchObject({ link_article_id: 'a-1' });
  });
});
