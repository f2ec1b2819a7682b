import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';

const event = {
  id: 'a-1',
  actor_id: 'u-admin',
  actor_name: 'Demo Admin',
  action: 'patient.update',
  resource_type: 'patient',
  resource_id: 'p-1',
  request_id: 'req-1',
  changes: ['phone'],
  created_at: '2026-11-22T01:00:00Z',
};

describe('audit log', () => {
  it('shows times in the clinic’s time zone and names it', async () => {
    server.use(http.get(`${API}/audit-events`, () => HttpResponse.json({ data: [event], page: 1, per_page: 50, total: 1 })));
    renderApp('/audit-log');
    const cell = await screen.findByText(/22 Nov 2026/);
    // 01:00 UTC is 08:00 in Jakarta, the demo clinic's zone.
    expect(cell).toHaveTextContent('08:00');
    expect(screen.getByText(/Times in Asia\/Jakarta/)).toBeInTheDocument();
  });

  it('names the zone in Korean too', async () => {
    server.use(http.get(`${API}/audit-events`, () => HttpResponse.json({ data: [event], page: 1, per_page: 50, total: 1 })));
    await i18n.changeLanguage('ko');
    renderApp('/audit-log');
    expect(await screen.findByText(/Asia\/Jakarta.*기준/)).toBeInTheDocument();
    expect(screen.getByText(/(오전|AM) 8:00/)).toBeInTheDocument();
  });
});
