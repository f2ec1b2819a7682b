// End-to-end: a workflow built in the visual editor against the real `prima`
// binary: steps added from the palette, connected by dragging between their
// handles, a server validation error shown on the node it names, a simulated
// run, saving, activating with the webhook trigger, an inbound webhook bound
// to it on the Webhooks page, a call signed by the Standard Webhooks scheme
// for a demo patient, and the execution followed to `completed`
// with its step log; at desktop and phone width, in English, Indonesian and Korean.
//   PRIMA_BIN (default ../bin/prima), CHROMIUM_PATH (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { browserSession } from './session.mjs';

// A demo patient (internal/seed) with consent, so the message is really queued.
const PATIENT = 'Siti Rahmawati';
const PATIENT_PHONE = '+6281234560101';
const NAME = 'Post-op check-in';
const TEXT = 'Halo {{name}}, bagaimana kabar Anda setelah operasi?';

let server;
let page;
const { screenshot, step } = browserSession((s) => {
  ({ server, page } = s);
});

const language = (code) => page.getByLabel(/^(Language|Bahasa|언어)$/).first().selectOption(code);
const canvas = () => page.getByTestId('workflow-canvas');
const node = (id) => page.locator(`[data-testid="wf-node"][data-node-id="${id}"]`);
const handle = (id, kind) => page.locator(`.react-flow__node[data-id="${id}"] .react-flow__handle.${kind}`);

async function noSidewaysScroll(label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${label}: the page scrolls sideways by ${overflow}px`);
}

/** Signs body with the Standard Webhooks scheme and posts it to an inbound webhook's URL. */
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

/** Drags from one node's exit to another node's entry, as a person would with the mouse. */
async function connect(from, to) {
  await canvas().evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const s = await handle(from, 'source').boundingBox();
  const t = await handle(to, 'target').boundingBox();
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move((s.x + t.x) / 2 + 20, (s.y + t.y) / 2, { steps: 8 });
  await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 8 });
  await page.mouse.up();
}

test('admins build, check, simulate, save and activate a workflow; a signed webhook starts it and its execution completes', async () => {
  let workflowURL = '';
  // The diagram's styles come in a chunk of their own: the page's Content-Security-Policy must let them in.
  const violations = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });

  await step('sign-in', async () => {
    await page.goto(server.baseURL + '/');
    await page.getByRole('button', { name: 'Continue as demo admin' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  });

  await step('list', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).last().getByRole('link', { name: 'Workflows' }).click();
    await page.getByRole('heading', { name: 'Workflows', level: 1 }).waitFor();
    // The demo's workflows are listed (internal/seed/workflows.go).
    await page.locator('text=Post-surgery follow-up >> visible=true').first().waitFor();
    await page.getByRole('link', { name: 'New workflow' }).click();
    await page.getByRole('heading', { name: 'New workflow', level: 1 }).waitFor();
  });

  await step('build', async () => {
    await page.getByLabel('Name', { exact: true }).fill(NAME);
    await page.getByLabel('Trigger', { exact: true }).selectOption('webhook');
    await node('n1').waitFor();
    await page.getByRole('button', { name: 'Add step: Send message' }).click();
    // The new step is selected: its settings are beside the diagram.
    const inspector = page.getByTestId('node-inspector');
    await inspector.getByText('Send message · n2').waitFor();
    await inspector.getByLabel('Message', { exact: true }).fill(TEXT);
    await node('n2').getByText('Halo {{name}}').waitFor();
    await page.getByRole('button', { name: 'Add step: End' }).click();
    await node('n3').waitFor();
    await page.waitForTimeout(400); // the diagram refits to show the new step
    await connect('n1', 'n2');
    await page.locator('.react-flow__edge').first().waitFor({ state: 'attached' });
    assert.equal(await page.locator('.react-flow__edge').count(), 1);
  });

  await step('server-error-on-node', async () => {
    // The end step is not connected yet: the server names it, and the editor marks it.
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.locator('[data-testid="wf-node"][data-node-id="n3"][data-invalid="true"]').waitFor();
    await node('n3').getByText(/Nothing leads to this step/).waitFor();
    await page.getByTestId('graph-problems').getByRole('button', { name: /Step n3/ }).click();
    await page.getByTestId('node-inspector').getByRole('alert').getByText(/Nothing leads to this step/).waitFor();
    await screenshot('workflows-editor-error-en-1280');
  });

  await step('connect-and-check', async () => {
    await connect('n2', 'n3');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 2);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText('No problems found.').waitFor();
    assert.equal(await page.locator('[data-testid="wf-node"][data-invalid="true"]').count(), 0);
  });

  await step('simulate', async () => {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const result = page.getByTestId('simulation-result');
    await result.getByTestId('sim-message').getByText(`Halo ${PATIENT}, bagaimana kabar Anda setelah operasi?`).waitFor();
    await result.getByText('Completed').first().waitFor();
    assert.equal(await result.getByTestId('sim-step').count(), 3);
    await screenshot('workflows-editor-en-1280');
  });

  await step('save', async () => {
    await page.getByRole('button', { name: 'Create workflow' }).click();
    await page.getByText('Workflow created. It is inactive until you activate it.').waitFor();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    workflowURL = page.url();
    assert.match(workflowURL, /\/workflows\/[0-9a-f-]{36}$/);
    assert.equal(await page.locator('.react-flow__edge').count(), 2);
  });

  await step('activate', async () => {
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByText('Activated: its trigger now starts executions.').waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).waitFor();
  });

  await step('trigger-by-signed-webhook', async () => {
    // An inbound webhook bound to the workflow, made on the Webhooks page; its secret is shown once.
    await page.goto(server.baseURL + '/webhooks/new');
    await page.getByLabel(/^Name/).fill('Booking system');
    await page.getByRole('option', { name: NAME }).waitFor({ state: 'attached' });
    await page.getByLabel('Workflow').selectOption({ label: NAME });
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByTestId('webhook-secret-panel').waitFor();
    const secret = (await page.getByTestId('webhook-secret').textContent()).trim();
    const url = (await page.getByTestId('secret-example-url').textContent()).trim();
    const body = JSON.stringify({ phone: PATIENT_PHONE, patient: { name: PATIENT }, data: { booking: 'B-1' } });
    const { status, json } = await callHook(url, secret, body);
    assert.equal(status, 202, JSON.stringify(json));
    assert.ok(json.execution_id, 'the webhook started the workflow');
    assert.equal(json.patient_created, false, 'the demo patient was found by phone');
    await page.goto(workflowURL);
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
  });

  await step('execution-completes', async () => {
    await page.getByRole('link', { name: 'Executions', exact: true }).first().click();
    await page.getByRole('heading', { name: `Executions of ${NAME}`, level: 1 }).waitFor();
    const row = page.getByTestId('execution-row').filter({ hasText: PATIENT }).first();
    await row.getByText('Completed').waitFor({ timeout: 30_000 });
    await screenshot('workflows-executions-en-1280');
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Workflow execution', level: 1 }).waitFor();
    const steps = page.getByTestId('execution-step');
    await steps.nth(2).waitFor();
    assert.equal(await steps.count(), 3);
    await steps.nth(1).getByText('Send message').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Cancel execution' }).count(), 0);
    await screenshot('workflows-execution-en-1280');
    await steps.nth(1).getByRole('link', { name: 'Open the message' }).click();
    await page.waitForURL(/\/messages\?patient_id=.*&id=/);
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
  });

  await step('indonesian-and-korean', async () => {
    await page.goto(workflowURL);
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await language('id');
    await page.getByRole('button', { name: 'Nonaktifkan' }).waitFor();
    await screenshot('workflows-editor-id-1280');
    await language('ko');
    await page.getByRole('button', { name: '비활성화' }).waitFor();
    await screenshot('workflows-editor-ko-1280');
    await page.getByRole('link', { name: '실행 기록', exact: true }).first().click();
    await page.getByTestId('execution-row').first().getByText('완료').waitFor();
    await screenshot('workflows-executions-ko-1280');
  });

  await step('phone-width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const lang of ['en', 'id', 'ko']) {
      await language(lang);
      await page.goto(server.baseURL + '/workflows');
      await page.getByTestId('workflow-cards').getByRole('link', { name: NAME }).waitFor();
      await noSidewaysScroll(`list ${lang} 390`);
      await screenshot(`workflows-list-${lang}-390`);

      await page.goto(workflowURL);
      await node('n2').waitFor();
      await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
      await noSidewaysScroll(`editor ${lang} 390`);
      await screenshot(`workflows-editor-${lang}-390`);
      if (lang === 'en') {
        // On a phone a step is chosen by tapping it; its settings open under the diagram.
        await page.locator('.react-flow__node[data-id="n2"]').click();
        await page.getByTestId('node-inspector').getByLabel('Message', { exact: true }).waitFor();
        await page.getByRole('button', { name: 'Run', exact: true }).click();
        await page.getByTestId('sim-message').waitFor();
        await noSidewaysScroll('editor with simulation en 390');
        await screenshot('workflows-editor-selected-en-390');
      }

      await page.goto(workflowURL + '/executions');
      const row = page.getByTestId('execution-row').first();
      await row.waitFor();
      await noSidewaysScroll(`executions ${lang} 390`);
      await screenshot(`workflows-executions-${lang}-390`);
      await row.getByRole('link').click();
      await page.getByTestId('execution-step').nth(2).waitFor();
      await noSidewaysScroll(`execution ${lang} 390`);
      await screenshot(`workflows-execution-${lang}-390`);
    }
    await language('en');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  assert.deepEqual(violations, [], `CSP violations:\n${violations.join('\n')}`);
});
