import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { App } from '../App';

/** Signs in as the demo admin (a stored development session) and renders the app at a path. */
export function renderApp(path = '/', { signedIn = true } = {}) {
  if (signedIn) {
    sessionStorage.setItem(
      'prima.devSession',
      JSON.stringify({ token: 'test-token', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), role: 'admin' }),
    );
  }
  return render(
    <MemoryRouter initialEntries={[path]}>
      <App />
    </MemoryRouter>,
  );
}
