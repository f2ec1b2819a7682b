// Test data for the event subscription screens.
import { http, HttpResponse } from 'msw';
import type { EventDelivery, EventSubscription } from '../../api/types';
import { API } from '../../test/server';

export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export function subscription(n: number, extra: Partial<EventSubscription> = {}): EventSubscription {
  return {
    id: `sub-${n}`,
    url: `https://emr.example.org/prima-events/${n}`,
    events: ['message.delivered', 'occurrence.missed'],
    description: `EMR sync ${n}`,
    is_active: true,
    disabled_reason: null,
    previous_secret_expires_at: null,
    rotated_at: null,
    created_at: '2026-11-20T01:00:00Z',
    updated_at: '2026-11-20T01:00:00Z',
    version: 1,
    ...extra,
  };
}

export function delivery(id: string, extra: Partial<EventDelivery> = {}): EventDelivery {
  return {
    id,
    subscription_id: 'sub-1',
    event_id: `ev-${id}`,
    event_type: 'message.delivered',
    webhook_id: `msg_${id}`,
    status: 'succeeded',
    attempts: 1,
    last_status_code: 200,
    last_error: null,
    next_attempt_at: null,
    first_attempt_at: '2026-11-22T01:00:01Z',
    last_attempt_at: '2026-11-22T01:00:01Z',
    created_at: '2026-11-22T01:00:00Z',
    updated_at: '2026-11-22T01:00:01Z',
    ...extra,
  };
}

export const page = <T,>(data: T[], total = data.length) => HttpResponse.json({ data, page: 1, per_page: 20, total });

/** One subscription and its deliveries; override with server.use. */
export function subscriptionHandlers({ one = subscription(1), deliveries = [] as EventDelivery[] } = {}) {
  return [
    http.get(`${API}/event-subscriptions`, () => page([one])),
    http.get(`${API}/event-subscriptions/${one.id}`, () => HttpResponse.json(one)),
    http.get(`${API}/event-subscriptions/${one.id}/deliveries`, () => page(deliveries)),
  ];
}
