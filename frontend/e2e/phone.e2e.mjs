// End-to-end at phone width: every page of the dashboard fits a 390 px screen
// without sideways scrolling (in English and Korean), and a form the server
// refuses brings its first invalid field into view with the focus on it.
//   PRIMA_BIN (default ../bin/prima), CHROMIUM_PATH (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { startServer } from './server.mjs';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const PHONE = { width: 390, height: 844 };

let server;
let browser;
let page;
let token = '';

before(async () => {
  server = await startServer();
  browser = await launchBrowser({ viewport: PHONE });
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  const res = await fetch(`${server.baseURL}/api/v1/dev/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ role: 'admin' }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  token = (await res.json()).token;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function screenshot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }).catch(() => {});
}

/** A field (default id) of the first row of a demo list (GET /api/v1/<path>). */
async function firstId(path, field = 'id') {
  const res = await fetch(`${server.baseURL}/api/v1/${path}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
  const body = await res.json();
  assert.ok(body.data.length > 0, `the demo data has no ${path}`);
  return body.data[0][field];
}

async function signIn() {
  await page.goto(server.baseURL + '/');
  const button = page.getByRole('button', { name: 'Continue as demo admin' });
  await page.locator('main h1').or(button).first().waitFor();
  if (await button.count()) await button.click();
  await page.locator('main h1').first().waitFor();
}

async function setLanguage(code) {
  await page.evaluate((c) => localStorage.setItem('prima.language', c), code);
}

/** Opens a page and waits until it has settled: its heading shown and nothing loading. */
async function open(path) {
  await page.goto(server.baseURL + path);
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"]'), null, { timeout: 5_000 }).catch(() => {});
  await page.waitForTimeout(150);
}

/** How wide the page is, and the widest elements sticking out past the screen's right edge. */
function measure() {
  return page.evaluate((limit) => {
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > limit + 0.5) {
        const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.className && typeof el.className === 'string' ? `.${el.className.split(' ').slice(0, 3).join('.')}` : '');
        wide.push(`${name} (right ${Math.round(r.right)})`);
      }
    }
    return { html: document.documentElement.scrollWidth, body: document.body.scrollWidth, wide: wide.slice(0, 5) };
  }, PHONE.width);
}

test('every page fits a 390 px phone screen without sideways scrolling', async () => {
  await signIn();
  const reminder = await firstId('reminders?per_page=1');
  // The patient of that reminder, so that the patient page shows its reminder table.
  const patient = await firstId('reminders?per_page=1', 'patient_id');
  const appointment = await firstId('appointments?per_page=1');
  const template = await firstId('templates?per_page=1');
  const message = await firstId('messages?per_page=1');
  const conversation = await firstId('conversations?per_page=1', 'patient_id');
  const routes = [
    ['dashboard', '/'],
    ['patients', '/patients'],
    ['patient-new', '/patients/new'],
    ['patient-import', '/patients/import'],
    ['patient-detail', `/patients/${patient}`],
    ['patient-edit', `/patients/${patient}/edit`],
    ['reminders', '/reminders'],
    ['reminder-new', '/reminders/new'],
    ['reminder-detail', `/reminders/${reminder}`],
    ['reminder-edit', `/reminders/${reminder}/edit`],
    ['appointments', '/appointments'],
    ['appointment-new', '/appointments/new'],
    ['appointment-edit', `/appointments/${appointment}/edit`],
    ['templates', '/templates'],
    ['template-new', '/templates/new'],
    ['template-edit', `/templates/${template}`],
    ['messages', '/messages'],
    ['message-detail', `/messages?id=${message}`],
    ['message-stats', '/messages?view=stats'],
    ['settings', '/settings'],
    ['users', '/users'],
    ['audit-log', '/audit-log'],
    ['conversations', '/conversations'],
    ['conversation-thread', `/conversations/${conversation}`],
    ['conversations-unknown', '/conversations?view=unknown'],
    ['not-found', '/no-such-page'],
  ];
  const overflowing = [];
  for (const lang of ['en', 'ko']) {
    await setLanguage(lang);
    for (const [name, path] of routes) {
      await open(path);
      const m = await measure();
      await screenshot(`phone-${lang}-${name}`);
      if (m.html > PHONE.width || m.body > PHONE.width) {
        overflowing.push(`${lang} ${path}: html ${m.html} px, body ${m.body} px; ${m.wide.join(', ')}`);
      }
    }
  }
  await setLanguage('en');
  assert.deepEqual(overflowing, [], `pages wider than ${PHONE.width} px:\n${overflowing.join('\n')}`);
});

test('a form the server refuses focuses its first invalid field and brings it into view', async () => {
  await signIn();
  await open('/patients/new');
  await page.getByLabel('Name', { exact: true }).fill('Phone Width Test');
  // A number the browser accepts but the server cannot read as a phone number.
  await page.getByLabel('Phone number', { exact: true }).fill('12345');
  await page.getByRole('button', { name: 'Create patient' }).click();
  const phone = page.locator('#patient-phone');
  await page.locator('#patient-phone-error').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'patient-phone');
  const inView = await phone.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  });
  await screenshot('phone-en-form-error');
  assert.equal(inView, true, 'the invalid field is not in the viewport');
  assert.equal(await phone.getAttribute('aria-invalid'), 'true');
});
