import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { adminUser, dashboardStats, meFor, patient, volunteerUser } from './fixtures';

export const API = '*/api/v1';

export function problem(status: number, code: string, detail: string, errors?: { field: string; message: string }[]) {
  return HttpResponse.json(
    { type: 'about:blank', title: detail, status, detail, code, errors, request_id: 'req-1' },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

/** Handlers every rendered app needs: configuration, the signed-in admin, volunteers. */
export const defaultHandlers = [
  http.get(`${API}/config`, () =>
    HttpResponse.json({ environment: 'development', dev_auth: true, clerk_publishable_key: '', version: 'test' }),
  ),
  http.post(`${API}/dev/sign-in`, () =>
    HttpResponse.json({ token: 'new-token', expires_at: new Date(Date.now() + 3_600_000).toISOString() }),
  ),
  http.get(`${API}/me`, () => HttpResponse.json(meFor(adminUser))),
  http.get(`${API}/users`, () => HttpResponse.json({ data: [volunteerUser], page: 1, per_page: 100, total: 1 })),
  http.get(`${API}/patients`, () => HttpResponse.json({ data: [patient(1)], page: 1, per_page: 25, total: 1 })),
  http.get(`${API}/stats/dashboard`, () => HttpResponse.json(dashboardStats())),
  http.get(`${API}/reminders`, () => HttpResponse.json({ data: [], page: 1, per_page: 25, total: 0 })),
  // The navigation badge and the notifications bell of every page.
  http.get(`${API}/conversations/counts`, () => HttpResponse.json({ unread: 0, urgent: 0 })),
  http.get(`${API}/notifications`, () => HttpResponse.json({ data: [], unread: 0 })),
  // The template editor's "link to article" choice.
  http.get(`${API}/articles`, () => HttpResponse.json({ data: [], page: 1, per_page: 100, total: 0 })),
  // The workflow editor's template choices, and the workflow pages' lists.
  http.get(`${API}/templates`, () => HttpResponse.json({ data: [], page: 1, per_page: 100, total: 0 })),
  http.get(`${API}/workflows`, () => HttpResponse.json({ data: [], page: 1, per_page: 25, total: 0 })),
  http.get(`${API}/workflow-executions`, () => HttpResponse.json({ data: [], page: 1, per_page: 25, total: 0 })),
];

export const server = setupServer(...defaultHandlers);
