import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { patient } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';

/** A server-side list of 60 patients honouring search, page and per_page. */
function listHandler(seen: URL[]) {
  const all = Array.from({ length: 60 }, (_, i) => patient(i + 1));
  return http.get(`${API}/patients`, ({ request }) => {
    const url = new URL(request.url);
    seen.push(url);
    const search = url.searchParams.get('search') ?? '';
    const page = Number(url.searchParams.get('page') ?? 1);
    const perPage = Number(url.searchParams.get('per_page') ?? 50);
    const matching = all.filter((p) => p.name!.includes(search));
    const data = matching.slice((page - 1) * perPage, page * perPage);
    return HttpResponse.json({ data, page, per_page: perPage, total: matching.length });
  });
}

describe('patient list', () => {
  it('shows rows and pages through them', async () => {
    const seen: URL[] = [];
    server.use(listHandler(seen));
    const user = userEvent.setup();
    renderApp('/patients');

    expect(await screen.findByRole('link', { name: 'Patient 1' })).toBeInTheDocument();
    const table = screen.getByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(26); // header + 25
    expect(screen.getByText('Showing 1–25 of 60')).toBeInTheDocument();
    expect(screen.getByText('Page 1 of 3')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('link', { name: 'Patient 26' })).toBeInTheDocument();
    expect(screen.getByText('Showing 26–50 of 60')).toBeInTheDocument();
    expect(seen.at(-1)?.searchParams.get('page')).toBe('2');
  });

  it('searches after the user stops typing', async () => {
    const seen: URL[] = [];
    server.use(listHandler(seen));
    const user = userEvent.setup();
    renderApp('/patients');
    await screen.findByRole('link', { name: 'Patient 1' });

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'Patient 42');
    expect(await screen.findByText('Showing 1–1 of 1')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Patient 42' })).toBeInTheDocument();
    // One request for the whole typed word, not one per key.
    const searches = seen.map((u) => u.searchParams.get('search')).filter(Boolean);
    expect(searches).toEqual(['Patient 42']);
  });

  it('clears the search when Patients is chosen in the navigation again', async () => {
    server.use(listHandler([]));
    const user = userEvent.setup();
    renderApp('/patients?q=Patient%2042');
    const search = await screen.findByRole('searchbox', { name: 'Search' });
    expect(search).toHaveValue('Patient 42');
    expect(await screen.findByText('Showing 1–1 of 1')).toBeInTheDocument();

    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    await user.click(within(nav).getByRole('link', { name: 'Patients' }));
    expect(await screen.findByText('Showing 1–25 of 60')).toBeInTheDocument();
    expect(search).toHaveValue('');
  });

  it('says so when there are no patients', async () => {
    server.use(http.get(`${API}/patients`, () => HttpResponse.json({ data: [], page: 1, per_page: 25, total: 0 })));
    renderApp('/patients');
    expect(await screen.findByText('No patients yet.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows an error with a retry button when the list fails', async () => {
    server.use(http.get(`${API}/patients`, () => HttpResponse.json({ title: 'boom', status: 500, request_id: 'r-9' }, { status: 500 })));
    renderApp('/patients');
    expect(await screen.findByRole('alert', {}, { timeout: 4000 })).toHaveTextContent('reference r-9');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
