import { render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { MeContext, meState } from '../../auth/MeContext';
import { adminUser, meFor } from '../../test/fixtures';
import { API, server } from '../../test/server';
import { ConversationThread } from './ConversationThread';
import { budiThread } from './fixtures';

/** The thread alone, with the public configuration the server would give. */
function renderThread(devAuth: boolean) {
  server.use(http.get(`${API}/conversations/p-1`, () => HttpResponse.json(budiThread())));
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(['config'], { environment: devAuth ? 'development' : 'production', dev_auth: devAuth, clerk_publishable_key: devAuth ? '' : 'pk_test', version: 'test' });
  return render(
    <QueryClientProvider client={client}>
      <MeContext.Provider value={meState(meFor(adminUser))}>
        <MemoryRouter>
          <ConversationThread patientId="p-1" timeZone="Asia/Jakarta" backTo="/conversations" />
        </MemoryRouter>
      </MeContext.Provider>
    </QueryClientProvider>,
  );
}

describe('simulated patient messages', () => {
  it('are offered while development sign-in is on', async () => {
    renderThread(true);
    expect(await screen.findByRole('form', { name: 'Simulate patient message (development)' })).toBeInTheDocument();
    expect(screen.getByLabelText('Reply')).toBeInTheDocument();
  });

  it('are not offered in production', async () => {
    renderThread(false);
    expect(await screen.findByLabelText('Reply')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Simulate patient message (development)' })).not.toBeInTheDocument();
    expect(screen.queryByText(/development/i)).not.toBeInTheDocument();
  });
});
