// Test data for the webhook screens.
import { http, HttpResponse } from 'msw';
import { API } from '../../test/server';
import type { Webhook, WebhookExecution } from './types';

export const SECRET = 'whsec_sICVZjngaeLIay3glqXG/Ka3YL+F2LJM/mClmEmGel0=';

export function webhook(n: number, extra: Partial<Webhook> = {}): Webhook {
  return {
    id: `wh-${n}`,
    name: `Webhook ${n}`,
    workflow_id: null,
    is_active: true,
    url: `http://localhost:8080/api/v1/hooks/in/wh-${n}`,
    previous_secret_expires_at: null,
    created_at: '2026-11-20T01:00:00Z',
    updated_at: '2026-11-20T01:00:00Z',
    last_called_at: null,
    version: 1,
    ...extra,
  };
}

export function call(id: string, extra: Partial<WebhookExecution> = {}): WebhookExecution {
  return {
    id,
    webhook_id: 'wh-1',
    delivery_id: `msg_${id}`,
    status_code: 202,
    outcome: 'started',
    duration_ms: 12,
    payload: '{"phone":"+6281234567890","patient":{"name":"Siti"},"data":{}}',
    response: { execution_id: 'ex-1', patient_id: 'p-1', patient_created: false, replayed: false } as unknown as WebhookExecution['response'],
    patient_id: 'p-1',
    execution_id: 'ex-1',
    created_at: '2026-11-22T01:00:00Z',
    ...extra,
  };
}

export const WORKFLOWS = [
  { id: 'wf-1', name: 'Post-surgery follow-up', is_active: true },
  { id: 'wf-2', name: 'Appointment reminder', is_active: false },
];

const page = <T,>(data: T[]) => HttpResponse.json({ data, page: 1, per_page: 25, total: data.length });

/** The workflow names, one webhook and its calls; override with server.use. */
export function webhookHandlers({ one = webhook(1), calls = [] as WebhookExecution[] } = {}) {
  return [
    http.get(`${API}/workflows`, () => page(WORKFLOWS)),
    http.get(`${API}/webhooks`, () => page([one])),
    http.get(`${API}/webhooks/${one.id}`, () => HttpResponse.json(one)),
    http.get(`${API}/webhooks/${one.id}/executions`, () => page(calls)),
  ];
}
