import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';
import { SECRET, webhook, webhookHandlers } from './fixtures';
import { SECRET_PLACEHOLDER } from './signing';

describe('webhook secret', () => {
  it('is shown once after create, with the URL and a signed call; a reload no longer shows it', async () => {
    const created = webhook(7, { name: 'EMR surgery bookings', workflow_id: 'wf-1' });
    const sent: { body: unknown; key: string | null }[] = [];
    server.use(...webhookHandlers({ one: created }));
    server.use(
      http.post(`${API}/webhooks`, async ({ request }) => {
        sent.push({ body: await request.json(), key: request.headers.get('Idempotency-Key') });
        return HttpResponse.json({ ...created, secret: SECRET }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    const view = renderApp('/webhooks/new');
    await user.type(await screen.findByLabelText(/^Name/), 'EMR surgery bookings');
    const workflow = screen.getByLabelText('Workflow');
    await within(workflow).findByRole('option', { name: 'Post-surgery follow-up' });
    expect(within(workflow).getByRole('option', { name: 'Appointment reminder (inactive)' })).toBeInTheDocument();
    await user.selectOptions(workflow, 'Post-surgery follow-up');
    await user.click(screen.getByRole('button', { name: 'Create webhook' }));

    const panel = await screen.findByTestId('webhook-secret-panel');
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toEqual({ name: 'EMR surgery bookings', is_active: true, workflow_id: 'wf-1' });
    expect(sent[0].key).toBeTruthy();
    expect(within(panel).getByRole('heading', { name: 'Webhook created: copy its secret now' })).toBeInTheDocument();
    expect(within(panel).getByText(/It will not be shown again/)).toBeInTheDocument();
    expect(within(panel).getByTestId('webhook-secret')).toHaveTextContent(SECRET);
    expect(within(panel).getByTestId('secret-example-url')).toHaveTextContent(created.url);
    expect(within(panel).getByTestId('secret-example-curl').textContent).toContain(`SECRET='${SECRET}'`);
    // The page's own example never holds the secret.
    expect(screen.getByTestId('detail-example-curl').textContent).toContain(`SECRET='${SECRET_PLACEHOLDER}'`);

    await user.click(within(panel).getByRole('button', { name: 'Copy the secret' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    await user.click(within(panel).getByRole('tab', { name: 'x-webhook-signature' }));
    expect(within(panel).getByTestId('secret-example-curl').textContent).toContain('x-webhook-signature: sha256=$sig');

    // A reload (or a later visit) finds no secret.
    view.unmount();
    renderApp('/webhooks/wh-7');
    expect(await screen.findByRole('heading', { name: 'EMR surgery bookings', level: 1 })).toBeInTheDocument();
    expect(screen.queryByTestId('webhook-secret-panel')).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('is hidden once the user says it is stored', async () => {
    server.use(...webhookHandlers({ one: webhook(8) }));
    server.use(http.post(`${API}/webhooks`, () => HttpResponse.json({ ...webhook(8), secret: SECRET }, { status: 201 })));
    const user = userEvent.setup();
    renderApp('/webhooks/new');
    await user.type(await screen.findByLabelText(/^Name/), 'Webhook 8');
    await user.click(screen.getByRole('button', { name: 'Create webhook' }));
    await user.click(await screen.findByRole('button', { name: 'I have stored the secret' }));
    expect(screen.queryByTestId('webhook-secret-panel')).not.toBeInTheDocument();
  });

  it('shows the server field error next to the workflow', async () => {
    server.use(...webhookHandlers());
    server.use(
      http.post(`${API}/webhooks`, () =>
        HttpResponse.json(
          { type: 'about:blank', title: 'Invalid', status: 400, detail: 'invalid', code: 'validation',
            errors: [{ field: 'workflow_id', code: 'not_found_ref', message: 'is not a workflow of your organization' }] },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/webhooks/new');
    await user.type(await screen.findByLabelText(/^Name/), 'X');
    await user.click(screen.getByRole('button', { name: 'Create webhook' }));
    await waitFor(() => expect(screen.getByLabelText('Workflow')).toHaveAttribute('aria-invalid', 'true'));
  });

  it('rotates with the chosen overlap and shows the new secret once', async () => {
    const NEW = 'whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0LW5ldy1zZWNyZXQ=';
    const until = new Date(Date.now() + 3_600_000).toISOString();
    let body: unknown;
    server.use(...webhookHandlers());
    server.use(
      http.post(`${API}/webhooks/wh-1/rotate-secret`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ ...webhook(1, { version: 2, previous_secret_expires_at: until }), secret: NEW });
      }),
    );
    const user = userEvent.setup();
    renderApp('/webhooks/wh-1');
    await user.selectOptions(await screen.findByLabelText('Old secret keeps working for'), '1 hour');
    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Rotate the secret?' });
    expect(dialog).toHaveTextContent('keeps working for 1 hour');
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }));

    const panel = await screen.findByTestId('webhook-secret-panel');
    expect(body).toEqual({ overlap_seconds: 3600, version: 1 });
    expect(within(panel).getByRole('heading', { name: 'New secret: copy it now' })).toBeInTheDocument();
    expect(within(panel).getByTestId('webhook-secret')).toHaveTextContent(NEW);
    expect(screen.getByText(/The previous secret still works until/)).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });
});
