import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { meFor, volunteerUser } from '../test/fixtures';
import { renderApp } from '../test/renderApp';
import { API, problem, server } from '../test/server';

describe('sign-in', () => {
  it('signs in as the demo admin and sends the token', async () => {
    const auth: (string | null)[] = [];
    server.use(
      http.get(`${API}/me`, ({ request }) => {
        auth.push(request.headers.get('Authorization'));
        return HttpResponse.json(meFor({ ...volunteerUser, name: 'Demo Admin', role: 'admin' }));
      }),
    );
    const user = userEvent.setup();
    renderApp('/', { signedIn: false });
    await user.click(await screen.findByRole('button', { name: 'Continue as demo admin' }));
    expect(await screen.findByText('PRIMA Demo Clinic')).toBeInTheDocument();
    expect(auth).toEqual(['Bearer new-token']);
  });

  it('returns to the sign-in page when the token is refused', async () => {
    server.use(http.get(`${API}/me`, () => problem(401, 'unauthenticated', 'Token expired.')));
    renderApp('/');
    expect(await screen.findByRole('button', { name: 'Continue as demo volunteer' })).toBeInTheDocument();
    expect(sessionStorage.getItem('prima.devSession')).toBeNull();
  });

  it('shows the waiting page to a user not yet approved', async () => {
    server.use(http.get(`${API}/me`, () => HttpResponse.json(meFor({ ...volunteerUser, status: 'pending' }))));
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Waiting for approval' })).toBeInTheDocument();
    expect(screen.queryByRole('navigation')).not.toBeInTheDocument();
  });

  it('hides admin pages from volunteers', async () => {
    server.use(http.get(`${API}/me`, () => HttpResponse.json(meFor(volunteerUser))));
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Patients' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Audit log' })).not.toBeInTheDocument();
  });
});
