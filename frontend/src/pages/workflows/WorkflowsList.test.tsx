import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { meFor, volunteerUser } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, problem, server } from '../../test/server';
import { workflow } from './testFixtures';

const page = <T,>(data: T[]) => HttpResponse.json({ data, page: 1, per_page: 25, total: data.length });

describe('workflows list', () => {
  it('shows loading, then an empty list that offers admins a new workflow', async () => {
    renderApp('/workflows');
    expect(await screen.findByRole('status')).toHaveTextContent('Loading');
    expect(await screen.findByText('No workflows yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /New workflow/ })).toHaveAttribute('href', '/workflows/new');
    expect(screen.getByRole('link', { name: /All executions/ })).toHaveAttribute('href', '/workflow-executions');
  });

  it('shows an error with a retry', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/workflows`, () => {
        calls++;
        return calls === 1 ? problem(403, 'forbidden', 'Your role does not allow this.') : page([workflow(1)]);
      }),
    );
    const user = userEvent.setup();
    renderApp('/workflows');
    const alert = await screen.findByRole('alert');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect((await screen.findAllByRole('link', { name: 'Workflow 1' })).length).toBeGreaterThan(0);
  });

  it('lists workflows with their trigger, state and version, and filters by state', async () => {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(`${API}/workflows`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        seen.push(q);
        const all = [workflow(1, { is_active: true, version: 3, trigger: { ...workflow(1).trigger, type: 'post_surgery' } }), workflow(2)];
        return page(q.get('is_active') === 'true' ? all.slice(0, 1) : all);
      }),
    );
    const user = userEvent.setup();
    renderApp('/workflows');
    const row = (await screen.findAllByTestId('workflow-row'))[0];
    expect(within(row).getByRole('link', { name: 'Workflow 1' })).toHaveAttribute('href', '/workflows/w-1');
    expect(within(row).getByText('After a surgery')).toBeInTheDocument();
    expect(within(row).getByText('Active')).toBeInTheDocument();
    expect(within(row).getByText('3')).toBeInTheDocument();
    expect(screen.getAllByTestId('workflow-row')).toHaveLength(2);
    // Phones get one card per workflow instead of the table.
    expect(within(screen.getByTestId('workflow-cards')).getAllByRole('listitem')).toHaveLength(2);

    await user.selectOptions(screen.getByLabelText('Status'), 'true');
    await screen.findByText('Showing 1–1 of 1');
    expect(seen.at(-1)?.get('is_active')).toBe('true');
    expect(screen.getAllByTestId('workflow-row')).toHaveLength(1);
  });

  it('offers volunteers no new workflow', async () => {
    server.use(http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))));
    renderApp('/workflows');
    expect(await screen.findByText('No workflows yet')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /New workflow/ })).not.toBeInTheDocument();
    expect(screen.getByText('An admin can create workflows that follow up with patients automatically.')).toBeInTheDocument();
  });
});
