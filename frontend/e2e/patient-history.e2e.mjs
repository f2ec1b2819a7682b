// End-to-end: a patient's history (messages, doses, confirmations) on the patient
// page, server field errors in the user's language, and staff pages in the
// clinic's time zone, against the real `prima` binary.
//   PRIMA_BIN (default ../bin/prima), CHROMIUM_PATH (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS, browserSession } from './session.mjs';

// A seeded demo patient with a medication reminder, in Asia/Jakarta like the demo clinic.
const PATIENT = 'Siti Rahmawati';

let server;
let page;
const { screenshot, step } = browserSession((s) => {
  ({ server, page } = s);
});

/** Calls the API as the demo admin (a development sign-in token). */
async function apiAs() {
  const res = await fetch(`${server.baseURL}/api/v1/dev/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ role: 'admin' }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const { token } = await res.json();
  return async (method, path, body, headers = {}) => {
    const r = await fetch(`${server.baseURL}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : null };
  };
}

const timelineCard = () => page.locator('section').filter({ has: page.getByRole('heading', { name: /^(Timeline|Riwayat|타임라인)$/ }) });
const language = (code) => page.getByLabel(/^(Language|Bahasa|언어)$/).first().selectOption(code);

test('the patient page shows the history; errors and times follow the user and the clinic', async () => {
  let patientId;

  await step('history-data', async () => {
    const call = await apiAs();
    const found = await call('GET', `/patients?search=${encodeURIComponent(PATIENT)}`);
    assert.equal(found.status, 200);
    patientId = found.json.data[0].id;
    // A message now, and a dose confirmed by staff, so every kind of entry is there.
    const reminders = await call('GET', `/reminders?patient_id=${patientId}`);
    const reminderIds = reminders.json.data.map((r) => r.id);
    assert.ok(reminderIds.length > 0, 'the demo patient has reminders');
    const sent = await call('POST', '/reminders/send-now', { ids: reminderIds }, { 'Idempotency-Key': `e2e-${Date.now()}` });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    for (const id of reminderIds) {
      const occ = await call('GET', `/reminders/${id}/occurrences`);
      const open = (occ.json.data ?? []).find((o) => o.state === 'pending' || o.state === 'missed');
      if (open) {
        const confirmed = await call('POST', `/occurrences/${open.id}/confirm`);
        assert.equal(confirmed.status, 200, JSON.stringify(confirmed.json));
        break;
      }
    }
    const tl = await call('GET', `/patients/${patientId}/timeline?limit=100`);
    assert.equal(tl.status, 200);
    const kinds = new Set(tl.json.data.map((e) => e.kind));
    assert.ok(kinds.has('message.outbound'), `timeline kinds: ${[...kinds]}`);
  });

  await step('sign-in', async () => {
    await page.goto(server.baseURL + '/');
    await page.getByRole('button', { name: 'Continue as demo admin' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  });

  await step('timeline', async () => {
    await page.goto(`${server.baseURL}/patients/${patientId}`);
    await page.getByRole('heading', { name: PATIENT, level: 1 }).waitFor();
    const card = timelineCard();
    await card.getByText(/^Times in Asia\/Jakarta/).waitFor();
    await card.getByRole('button', { name: /Message to the patient/ }).first().waitFor();
    await card.getByText(/dose due/).first().waitFor();
    await card.getByText(/confirmed/).first().waitFor();
    // Newest first.
    const times = await card.locator('li time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    const sorted = [...times].sort().reverse();
    assert.deepEqual(times, sorted);
    await card.screenshot({ path: join(ARTIFACTS, 'timeline-card-en-1280.png') });
    await screenshot('timeline-en-1280');
  });

  await step('timeline-message-drawer', async () => {
    await timelineCard().getByRole('button', { name: /Message to the patient/ }).first().click();
    const drawer = page.getByRole('dialog', { name: 'Message' });
    await drawer.waitFor();
    await drawer.getByText(/Tamoxifen/).first().waitFor();
    await screenshot('timeline-drawer-en-1280');
    await drawer.getByRole('button', { name: 'Close' }).click();
  });

  await step('timeline-korean', async () => {
    await language('ko');
    const card = timelineCard();
    await card.getByRole('button', { name: /환자에게 보낸 메시지/ }).first().waitFor();
    await card.getByText(/기준 시각/).waitFor();
    await card.screenshot({ path: join(ARTIFACTS, 'timeline-card-ko-1280.png') });
    await screenshot('timeline-ko-1280');
  });

  await step('timeline-phone-width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const card = timelineCard();
    await card.scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 390 px`);
    await card.screenshot({ path: join(ARTIFACTS, 'timeline-card-ko-390.png') });
    await screenshot('timeline-ko-390');
    await card.getByRole('button', { name: /환자에게 보낸 메시지/ }).first().click();
    await page.getByRole('dialog', { name: '메시지' }).waitFor();
    await screenshot('timeline-drawer-ko-390');
    await page.getByRole('dialog', { name: '메시지' }).getByRole('button', { name: '닫기' }).click();
    await language('en');
    await card.getByRole('button', { name: /Message to the patient/ }).first().waitFor();
    await screenshot('timeline-en-390');
  });

  await step('coded-field-error', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await language('id');
    await page.goto(`${server.baseURL}/patients/new`);
    await page.getByLabel('Nama', { exact: true }).fill('Uji Galat');
    await page.getByLabel('Nomor telepon', { exact: true }).fill('12345');
    await page.getByRole('button', { name: 'Simpan pasien' }).click();
    const error = page.locator('#patient-phone-error');
    await error.waitFor();
    // In the user's language, naming the region the number was read with (the clinic's).
    assert.equal(
      (await error.textContent())?.trim(),
      'Nomor telepon ini tidak valid untuk wilayah ID. Tulis nomor negara lain dengan + dan kode negara.',
    );
    await screenshot('field-error-id');
  });

  await step('audit-and-users-in-clinic-zone', async () => {
    await language('en');
    await page.goto(`${server.baseURL}/audit-log`);
    await page.getByText(/^Times in Asia\/Jakarta/).waitFor();
    await page.getByRole('columnheader', { name: /Time \(/ }).waitFor();
    await screenshot('audit-en-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await language('ko');
    await page.getByText(/Asia\/Jakarta.*기준/).waitFor();
    await screenshot('audit-ko-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await language('en');
    await page.goto(`${server.baseURL}/users`);
    await page.getByRole('tab', { name: 'Approved' }).click();
    await page.getByText(/^Times in Asia\/Jakarta/).waitFor();
    await screenshot('users-en-1280');
  });
});
