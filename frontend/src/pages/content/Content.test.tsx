import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Article, Video } from '../../api/types';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';

function article(n: number, extra: Partial<Article> = {}): Article {
  return {
    id: `a-${n}`,
    title: `Artikel ${n}`,
    slug: `artikel-${n}`,
    body_markdown: 'Teks',
    body_html: '<p>Teks</p>\n',
    category: 'obat',
    cover_image_url: null,
    language: 'id',
    published: false,
    published_at: null,
    public_url: `http://localhost:8080/public/articles/artikel-${n}`,
    created_at: '2026-11-22T01:00:00Z',
    updated_at: '2026-11-22T01:00:00Z',
    version: 1,
    ...extra,
  };
}

const video: Video = {
  id: 'v-1',
  title: 'Senam pagi',
  url: 'https://youtu.be/dQw4w9WgXcQ',
  description: '',
  thumbnail_url: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg',
  provider: 'youtube',
  embed_url: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
  language: 'id',
  published: true,
  published_at: '2026-11-22T01:00:00Z',
  created_at: '2026-11-22T01:00:00Z',
  updated_at: '2026-11-22T01:00:00Z',
  version: 1,
};

const page = <T,>(data: T[]) => HttpResponse.json({ data, page: 1, per_page: 25, total: data.length });

describe('content page', () => {
  it('shows loading, then an empty list with a hint', async () => {
    server.use(http.get(`${API}/articles`, () => page([])));
    renderApp('/content');
    expect(await screen.findByText('No articles yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /New article/ })).toHaveAttribute('href', '/content/articles/new');
  });

  it('shows an error with a retry', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/articles`, () => {
        calls++;
        // A client error is not retried by the query client: the error state shows at once.
        return calls === 1 ? problem(403, 'forbidden', 'Your role does not allow this.') : page([article(1)]);
      }),
    );
    const user = userEvent.setup();
    renderApp('/content');
    const alert = await screen.findByRole('alert');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Artikel 1' })).toBeInTheDocument();
  });

  it('lists articles, filters by publication and opens the published one', async () => {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(`${API}/articles`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        seen.push(q);
        return q.get('published') === 'true' ? page([article(2, { published: true })]) : page([article(1), article(2, { published: true })]);
      }),
    );
    const user = userEvent.setup();
    renderApp('/content');
    expect(await screen.findByRole('link', { name: 'Artikel 1' })).toBeInTheDocument();
    expect(screen.getAllByText('Draft').length).toBeGreaterThan(1); // the badge and the filter option
    await user.selectOptions(screen.getByLabelText('Status'), 'true');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Artikel 1' })).not.toBeInTheDocument());
    expect(seen.at(-1)?.get('published')).toBe('true');
    expect(screen.getByRole('link', { name: 'Open the public page of Artikel 2' })).toHaveAttribute('href', 'http://localhost:8080/public/articles/artikel-2');
  });

  it('switches to the videos tab', async () => {
    server.use(http.get(`${API}/articles`, () => page([])), http.get(`${API}/videos`, () => page([video])));
    const user = userEvent.setup();
    renderApp('/content');
    await user.click(await screen.findByRole('tab', { name: 'Videos' }));
    expect(await screen.findByRole('link', { name: 'Senam pagi' })).toHaveAttribute('href', '/content/videos/v-1');
    expect(screen.getByRole('link', { name: /New video/ })).toBeInTheDocument();
  });
});

describe('article editor', () => {
  it('creates an article and shows the server field error next to the slug', async () => {
    const sent: Record<string, unknown>[] = [];
    server.use(
      http.post(`${API}/articles`, async ({ request }) => {
        sent.push((await request.json()) as Record<string, unknown>);
        if (sent.length === 1) {
          return HttpResponse.json(
            { type: 'about:blank', title: 'Conflict', status: 409, detail: 'an article with this slug already exists', code: 'conflict',
              errors: [{ field: 'slug', code: 'duplicate', message: 'an article with this slug already exists' }] },
            { status: 409, headers: { 'Content-Type': 'application/problem+json' } },
          );
        }
        return HttpResponse.json(article(9, { title: 'Cara minum', slug: 'cara-minum-2' }), { status: 201 });
      }),
      http.get(`${API}/articles/a-9`, () => HttpResponse.json(article(9, { title: 'Cara minum', slug: 'cara-minum-2' }))),
    );
    const user = userEvent.setup();
    renderApp('/content/articles/new');
    await user.type(await screen.findByLabelText(/^Title/), 'Cara minum');
    await user.type(screen.getByLabelText('Address (slug)'), 'cara-minum');
    await user.click(screen.getByLabelText('Text (Markdown)'));
    await user.paste('Minum **pagi**');
    expect(screen.getByTestId('article-preview').innerHTML).toContain('<strong>pagi</strong>');
    await user.click(screen.getByRole('button', { name: 'Create article' }));

    const slug = screen.getByLabelText('Address (slug)');
    await waitFor(() => expect(slug).toHaveAttribute('aria-invalid', 'true'));
    expect(slug).toHaveAccessibleDescription(expect.stringContaining('already'));
    expect(sent[0]).toEqual({ title: 'Cara minum', slug: 'cara-minum', language: 'id', published: false, body_markdown: 'Minum **pagi**' });

    await user.clear(slug);
    await user.type(slug, 'cara-minum-2');
    await user.click(screen.getByRole('button', { name: 'Create article' }));
    expect(await screen.findByRole('heading', { name: 'Cara minum' })).toBeInTheDocument();
    expect(sent[1]).toMatchObject({ slug: 'cara-minum-2' });
  });

  it('uploads an image and inserts it into the text as markdown', async () => {
    let uploaded: FormDataEntryValue | null = null;
    server.use(
      http.post(`${API}/uploads`, async ({ request }) => {
        uploaded = (await request.formData()).get('file');
        return HttpResponse.json({ url: 'http://localhost:8080/uploads/abc.png', content_type: 'image/png', size: 4 }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/content/articles/new');
    const body = await screen.findByLabelText('Text (Markdown)');
    await user.click(body);
    await user.paste('Lihat gambar:');
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'luka operasi.png', { type: 'image/png' });
    await user.upload(screen.getByLabelText('Insert image'), file);
    await waitFor(() => expect(body).toHaveValue('Lihat gambar:\n\n![luka operasi](http://localhost:8080/uploads/abc.png)\n'));
    expect((uploaded as unknown as File | null)?.size).toBe(4);
    expect(screen.getByTestId('article-preview').innerHTML).toContain('<img src="http://localhost:8080/uploads/abc.png" alt="luka operasi">');

    // The cover image: uploaded and shown.
    await user.upload(screen.getByLabelText('Upload cover image'), file);
    expect(await screen.findByRole('img', { name: 'Cover image' })).toHaveAttribute('src', 'http://localhost:8080/uploads/abc.png');
  });

  it('shows the refused upload', async () => {
    server.use(
      http.post(`${API}/uploads`, () =>
        HttpResponse.json(
          { type: 'about:blank', title: 'Unsupported', status: 415, detail: 'Only JPEG, PNG, GIF and WebP images can be uploaded.', code: 'unsupported_media_type' },
          { status: 415, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    const user = userEvent.setup({ applyAccept: false });
    renderApp('/content/articles/new');
    await user.upload(await screen.findByLabelText('Insert image'), new File(['<html>'], 'x.png', { type: 'image/png' }));
    expect(await screen.findByText('Only JPEG, PNG, GIF and WebP images can be uploaded.')).toBeInTheDocument();
  });

  it('edits a published article with the saved page and its public link', async () => {
    const art = article(3, { published: true, body_html: '<p>Saved <strong>HTML</strong></p>', version: 4 });
    let patch: Record<string, unknown> | undefined;
    server.use(
      http.get(`${API}/articles/a-3`, () => HttpResponse.json(art)),
      http.patch(`${API}/articles/a-3`, async ({ request }) => {
        patch = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({ ...art, title: 'Baru', version: 5 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/content/articles/a-3');
    expect(await screen.findByRole('link', { name: 'Open public page' })).toHaveAttribute('href', art.public_url);
    expect(screen.getByTestId('article-saved-html').innerHTML).toBe('<p>Saved <strong>HTML</strong></p>');
    const title = screen.getByLabelText(/^Title/);
    await user.clear(title);
    await user.type(title, 'Baru');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(patch).toMatchObject({ title: 'Baru', version: 4, cover_image_url: null, published: true });
  });
});
