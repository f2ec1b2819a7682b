// End-to-end: inbound trigger webhooks against the real `prima` binary. A
// webhook bound to a demo workflow is created and its secret shown once; a
// call signed from Node with the Standard Webhooks scheme (and the page's own
// shell example, when openssl and curl are present) shows in its calls list as
// "started"; the secret is rotated with an overlap; the volunteer is refused.
// Screenshots at desktop and phone width in English, Indonesian and Korean.
//   PRIMA_BIN (default ../bin/prima), CHROMIUM_PATH (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { browserSession } from './session.mjs';

const WORKFLOW = 'Post-surgery follow-up'; // a demo workflow (internal/seed)
const NAME = 'EMR surgery bookings';

let server;
let page;
const { screenshot, step } = browserSession((s) => {
  ({ server, page } = s);
});

const language = (code) => page.getByLabel(/^(Language|Bahasa|언어)$/).first().selectOption(code);
const calls = () => page.getByTestId('webhook-call');
const secretPanel = () => page.getByTestId('webhook-secret-panel');

/** Signs body with the Standard Webhooks scheme and posts it to the webhook's URL. */
async function callHook(url, secret, body) {
  const id = `msg_${randomUUID()}`;
  const ts = Math.floor(Date.now() / 1000).toString();
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1,${sig}` },
    body,
  });
  return { status: res.status, json: await res.json() };
}

function hasTools() {
  try {
    execFileSync('sh', ['-c', 'command -v openssl && command -v curl && command -v od'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function noSidewaysScroll(label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${label}: the page scrolls sideways by ${overflow}px`);
}

async function openDetail(name) {
  await page.goto(server.baseURL + '/webhooks');
  await page.getByTestId('webhook-row').filter({ hasText: name }).getByRole('link', { name }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

test('admins create a webhook, see its secret once, and watch signed calls arrive', async () => {
  let url = '';
  let secret = '';

  await step('sign-in', async () => {
    await page.goto(server.baseURL + '/');
    await page.getByRole('button', { name: 'Continue as demo admin' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  });

  await step('empty-list', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).last().getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByText('No webhooks yet.').waitFor();
    await screenshot('webhooks-empty-en-1280');
  });

  await step('create', async () => {
    await page.getByRole('link', { name: 'New webhook' }).click();
    await page.getByLabel(/^Name/).fill(NAME);
    await page.getByRole('option', { name: WORKFLOW }).waitFor({ state: 'attached' });
    await page.getByLabel('Workflow').selectOption({ label: WORKFLOW });
    await screenshot('webhooks-new-en-1280');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await secretPanel().waitFor();
    secret = (await page.getByTestId('webhook-secret').textContent()).trim();
    url = (await page.getByTestId('secret-example-url').textContent()).trim();
    assert.match(secret, /^whsec_[A-Za-z0-9+/=]{20,}$/);
    assert.match(url, new RegExp(`^${server.baseURL}/api/v1/hooks/in/[0-9a-f-]{36}$`));
    assert.ok((await page.getByTestId('secret-example-curl').textContent()).includes(secret));
    assert.ok(!(await page.getByTestId('detail-example-curl').textContent()).includes(secret));
    await screenshot('webhooks-secret-en-1280');
  });

  await step('signed-call-from-node', async () => {
    const body = JSON.stringify({ phone: '+6281299990001', patient: { name: 'Dewi Lestari' }, data: { surgery: 'mastectomy' } });
    const { status, json } = await callHook(url, secret, body);
    assert.equal(status, 202, JSON.stringify(json));
    assert.ok(json.execution_id, 'the bound workflow started');
    assert.equal(json.replayed, false);
  });

  await step('page-shell-example', async () => {
    if (!hasTools()) return; // openssl, curl and od are needed to run it
    const script = await page.getByTestId('secret-example-curl').textContent();
    const out = execFileSync('sh', ['-c', script], { encoding: 'utf8', timeout: 20_000 });
    const json = JSON.parse(out);
    assert.ok(json.patient_id && json.replayed === false, out);
  });

  await step('reload-hides-secret', async () => {
    await page.reload();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    assert.equal(await secretPanel().count(), 0);
    assert.ok(!(await page.locator('main').textContent()).includes(secret));
  });

  await step('calls-list', async () => {
    await calls().first().waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="webhook-call"][data-outcome="started"]').length >= 1);
    const started = calls().filter({ has: page.getByTestId('call-outcome').getByText('Started', { exact: true }) });
    assert.ok((await started.count()) >= 1);
    const last = calls().last(); // the Node call, the oldest
    await last.getByText('Started', { exact: true }).waitFor();
    await last.getByText('HTTP 202').waitFor();
    assert.match(await last.getByRole('link', { name: 'Workflow execution' }).getAttribute('href'), /^\/workflow-executions\/[0-9a-f-]{36}$/);
    await last.getByText('Payload and answer').click();
    await last.getByTestId('call-payload').getByText(/Dewi Lestari/).waitFor();
    await screenshot('webhooks-detail-en-1280');
  });

  await step('rotate-with-overlap', async () => {
    await page.getByLabel('Old secret keeps working for').selectOption({ label: '1 hour' });
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Rotate' }).click();
    await secretPanel().getByRole('heading', { name: 'New secret: copy it now' }).waitFor();
    const fresh = (await page.getByTestId('webhook-secret').textContent()).trim();
    assert.notEqual(fresh, secret);
    await page.getByText(/The previous secret still works until/).waitFor();
    // Both secrets verify during the overlap.
    for (const s of [secret, fresh]) {
      const { status } = await callHook(url, s, JSON.stringify({ phone: '+6281299990001', data: {} }));
      assert.equal(status, 202);
    }
    await screenshot('webhooks-rotated-en-1280');
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="webhook-call"]').length >= 4, null, { timeout: 20_000 });
  });

  await step('list', async () => {
    await page.goto(server.baseURL + '/webhooks');
    const row = page.getByTestId('webhook-row').filter({ hasText: NAME });
    await row.getByText(WORKFLOW).filter({ visible: true }).waitFor();
    await row.getByText('Active', { exact: true }).waitFor();
    assert.equal(await row.getByText('Never').count(), 0);
    await screenshot('webhooks-list-en-1280');
  });

  await step('languages-desktop', async () => {
    for (const [code, title] of [['id', 'Panggilan'], ['ko', '호출']]) {
      await language(code);
      await page.goto(server.baseURL + '/webhooks');
      await page.getByTestId('webhook-row').first().waitFor();
      await screenshot(`webhooks-list-${code}-1280`);
      await openDetail(NAME);
      await page.getByRole('heading', { name: title, exact: true }).waitFor();
      await calls().first().waitFor();
      await screenshot(`webhooks-detail-${code}-1280`);
    }
  });

  await step('phone-width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const code of ['en', 'id', 'ko']) {
      await language(code);
      await page.goto(server.baseURL + '/webhooks');
      await page.getByTestId('webhook-row').first().waitFor();
      await noSidewaysScroll(`list ${code} 390`);
      await screenshot(`webhooks-list-${code}-390`);
      await openDetail(NAME);
      await calls().first().waitFor();
      await calls().first().locator('summary').click();
      await noSidewaysScroll(`detail ${code} 390`);
      await screenshot(`webhooks-detail-${code}-390`);
    }
  });

  await step('phone-create-and-delete', async () => {
    await language('id');
    await page.goto(server.baseURL + '/webhooks/new');
    await page.getByLabel(/^Nama/).fill('Sistem pendaftaran');
    await page.getByRole('button', { name: 'Buat webhook' }).click();
    await secretPanel().waitFor();
    await noSidewaysScroll('secret id 390');
    await screenshot('webhooks-secret-id-390');
    await page.getByRole('button', { name: 'Hapus' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Hapus' }).click();
    await page.getByRole('heading', { name: 'Webhook', level: 1 }).waitFor();
    assert.equal(await page.getByTestId('webhook-row').filter({ hasText: 'Sistem pendaftaran' }).count(), 0);
    await language('en');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step('volunteer-refused', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Continue as demo volunteer' }).click();
    // Signed in once the header offers to sign out again.
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(server.baseURL + '/webhooks');
    await page.getByTestId('webhooks-not-allowed').getByText('Not allowed').waitFor();
    await screenshot('webhooks-volunteer-en-1280');
  });
});
