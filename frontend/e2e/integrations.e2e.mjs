// End-to-end: the integration pages against the real `prima` binary. An API key
// is created and shown once; the test copies it and lists the patients with it
// (200), revokes it and is refused (401). An event subscription to a receiver
// started here (http://127.0.0.1, allowed in development by
// PRIMA_WEBHOOK_ALLOW_PRIVATE) gets a test event, whose delivery shows as
// succeeded and arrives signed with the secret shown once. Screenshots of both
// pages at 1366 and 390 px in English, and at 390 px in Indonesian and Korean.
//   PRIMA_BIN (default ../bin/prima), CHROMIUM_PATH (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { browserSession } from './session.mjs';

const KEY_NAME = 'EMR sync';
const DESCRIPTION = 'EMR adherence sync';

let server;
let page;
const { screenshot, step } = browserSession((s) => {
  ({ server, page } = s);
});

const nav = () => page.getByRole('navigation', { name: 'Main navigation' }).last();
const language = (code) => page.getByLabel(/^(Language|Bahasa|언어)$/).first().selectOption(code);

async function noSidewaysScroll(label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${label}: the page scrolls sideways by ${overflow}px`);
}

/** The integration's side: records every event posted to it and answers 200. */
const received = [];
let receiver;
let receiverURL = '';
before(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url, headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
  receiverURL = `http://127.0.0.1:${receiver.address().port}/prima-events`;
});
after(() => new Promise((ok) => receiver.close(ok)));

/** Standard Webhooks: v1,base64(HMAC-SHA256(id.timestamp.body)) keyed with the decoded secret. */
function signatureOK(secret, headers, body) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const want = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64');
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .some((s) => s === `v1,${want}`);
}

const listPatients = (key) => fetch(`${server.baseURL}/api/v1/patients`, { headers: { Authorization: `Bearer ${key}` } });

test('admins manage API keys and event subscriptions, and both work against the real server', async () => {
  let key = '';
  let secret = '';

  await step('sign-in', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseURL });
    await page.goto(server.baseURL + '/');
    await page.getByRole('button', { name: 'Continue as demo admin' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  });

  await step('api-keys-empty', async () => {
    await nav().getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    await page.getByText('No API keys yet.').waitFor();
    await screenshot('api-keys-empty-en-1366');
  });

  await step('api-key-create', async () => {
    await page.getByRole('link', { name: 'New API key' }).click();
    await page.getByLabel(/^Name/).fill(KEY_NAME);
    await page.getByRole('checkbox', { name: /^write/ }).check();
    await screenshot('api-key-new-en-1366');
    await page.getByRole('button', { name: 'Create key' }).click();
    const panel = page.getByTestId('api-key-panel');
    await panel.waitFor();
    key = (await page.getByTestId('api-key-secret').textContent()).trim();
    assert.match(key, /^prima_[A-Za-z0-9_-]{20,}$/);
    const curl = await page.getByTestId('api-key-curl').textContent();
    assert.equal(curl.trim(), `curl -H "Authorization: Bearer ${key}" ${server.baseURL}/api/v1/patients`);
    await panel.getByRole('button', { name: 'Copy the API key' }).click();
    await panel.getByText('Copied', { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key);
    await screenshot('api-key-shown-en-1366');
  });

  await step('api-key-works', async () => {
    const res = await listPatients(key);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const json = JSON.parse(text);
    assert.ok(json.total > 0, 'the demo patients are listed');
  });

  await step('api-key-list', async () => {
    await page.getByRole('button', { name: 'I have stored the key' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    const row = page.getByTestId('api-key-row').filter({ hasText: KEY_NAME });
    await row.getByTestId('key-status').getByText('Active').waitFor();
    assert.ok(!(await page.locator('main').textContent()).includes(key), 'the list never shows the key');
    // Used a moment ago by the call above.
    await row.getByText(/now|sec|min/).filter({ visible: true }).first().waitFor();
    await screenshot('api-keys-list-en-1366');
  });

  await step('api-key-revoke', async () => {
    await page.getByRole('button', { name: `Revoke ${KEY_NAME}` }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Revoke this API key?' });
    await screenshot('api-key-revoke-en-1366');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByTestId('api-key-row').filter({ hasText: KEY_NAME }).getByTestId('key-status').getByText('Revoked').waitFor();
    const res = await listPatients(key);
    assert.equal(res.status, 401);
  });

  await step('subscriptions-empty', async () => {
    await nav().getByRole('link', { name: 'Event subscriptions' }).click();
    await page.getByRole('heading', { name: 'Event subscriptions', level: 1 }).waitFor();
    await page.getByText('No event subscriptions yet.').waitFor();
    await screenshot('event-subs-empty-en-1366');
  });

  await step('subscription-create', async () => {
    await page.getByRole('link', { name: 'New subscription' }).click();
    await page.getByLabel(/^Endpoint URL/).fill(receiverURL);
    await page.getByLabel('Description').fill(DESCRIPTION);
    for (const type of ['message.delivered', 'message.failed', 'occurrence.missed', 'patient.opted_out']) {
      await page.getByRole('checkbox', { name: new RegExp(`^${type.replace('.', '\\.')}`) }).check();
    }
    await screenshot('event-sub-new-en-1366');
    await page.getByRole('button', { name: 'Create subscription' }).click();
    await page.getByTestId('subscription-secret-panel').waitFor();
    secret = (await page.getByTestId('subscription-secret').textContent()).trim();
    assert.match(secret, /^whsec_[A-Za-z0-9+/=]{20,}$/);
    await page.getByRole('heading', { name: DESCRIPTION, level: 1 }).waitFor();
    await screenshot('event-sub-secret-en-1366');
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    assert.equal(await page.getByTestId('subscription-secret-panel').count(), 0);
  });

  await step('test-event', async () => {
    await page.getByRole('button', { name: 'Send test event' }).click();
    const box = page.getByTestId('test-delivery');
    await box.waitFor();
    const webhookId = (await box.locator('code').textContent()).trim();
    assert.match(webhookId, /^msg_/);
    // The dispatcher posts it to the receiver; the list, looked at again every few seconds, shows it succeeded.
    const row = page.locator(`[data-testid="delivery-row"][data-status="succeeded"]`).filter({ hasText: webhookId });
    await row.waitFor({ timeout: 30_000 });
    await row.getByText('test.event').waitFor();
    await row.getByTestId('delivery-code').getByText('200').waitFor();
    await box.getByTestId('delivery-status').getByText('Succeeded').waitFor();
    const hit = received.find((r) => r.headers['webhook-id'] === webhookId);
    assert.ok(hit, 'the receiver got the test event');
    assert.equal(hit.path, '/prima-events');
    assert.equal(JSON.parse(hit.body).type, 'test.event');
    assert.ok(signatureOK(secret, hit.headers, hit.body), 'signed with the secret shown once');
    await screenshot('event-sub-detail-en-1366');
  });

  await step('subscriptions-list', async () => {
    await page.goto(server.baseURL + '/event-subscriptions');
    const row = page.getByTestId('subscription-row').filter({ hasText: DESCRIPTION });
    await row.getByTestId('subscription-state').getByText('Active').waitFor();
    await row.getByText('4 events', { exact: true }).waitFor();
    await screenshot('event-subs-list-en-1366');
  });

  await step('phone-width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const code of ['en', 'id', 'ko']) {
      await language(code);
      await page.goto(server.baseURL + '/api-keys');
      await page.getByTestId('api-key-row').first().waitFor();
      await noSidewaysScroll(`api keys ${code} 390`);
      await screenshot(`api-keys-list-${code}-390`);
      await page.goto(server.baseURL + '/api-keys/new');
      await page.locator('#api-key-name').waitFor();
      await noSidewaysScroll(`api key form ${code} 390`);
      await screenshot(`api-key-new-${code}-390`);
      await page.goto(server.baseURL + '/event-subscriptions');
      await page.getByTestId('subscription-row').first().waitFor();
      await noSidewaysScroll(`subscriptions ${code} 390`);
      await screenshot(`event-subs-list-${code}-390`);
      await page.getByTestId('subscription-row').first().getByRole('link').click();
      await page.getByTestId('delivery-row').first().waitFor();
      await noSidewaysScroll(`subscription ${code} 390`);
      await screenshot(`event-sub-detail-${code}-390`);
    }
  });

  await step('phone-key-shown-once', async () => {
    // Indonesian, at phone width: a read key, its panel, then the list with both keys.
    await language('id');
    await page.goto(server.baseURL + '/api-keys/new');
    await page.locator('#api-key-name').fill('Laporan bulanan');
    await page.getByRole('button', { name: 'Buat kunci' }).click();
    await page.getByTestId('api-key-panel').waitFor();
    await noSidewaysScroll('api key panel id 390');
    await screenshot('api-key-shown-id-390');
    const fresh = (await page.getByTestId('api-key-secret').textContent()).trim();
    assert.equal((await listPatients(fresh)).status, 200);
    await language('en');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  await step('volunteer-refused', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Continue as demo volunteer' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    assert.equal(await nav().getByRole('link', { name: 'API keys' }).count(), 0);
    assert.equal(await nav().getByRole('link', { name: 'Event subscriptions' }).count(), 0);
    await page.goto(server.baseURL + '/api-keys');
    await page.getByTestId('api-keys-not-allowed').waitFor();
    await page.goto(server.baseURL + '/event-subscriptions');
    await page.getByTestId('event-subs-not-allowed').waitFor();
    await screenshot('event-subs-volunteer-en-1366');
  });
});
