// End-to-end: a reminder from template to message log and dashboard, against the
// real `prima` binary, with the scheduler driven through the trigger URL.
//   PRIMA_BIN (default ../bin/prima), CHROMIUM_PATH (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSession } from './session.mjs';
import { CRON_SECRET } from './server.mjs';

// A seeded demo patient who has consented (SPEC: demo data), in Asia/Jakarta.
const PATIENT = 'Siti Rahmawati';
const PATIENT_ZONE = 'Asia/Jakarta';

let server;
let page;
const { screenshot, step } = browserSession((s) => {
  ({ server, page } = s);
});

const nav = () => page.getByRole('navigation', { name: /Main navigation|Navigasi utama|주 메뉴/ });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** "HH:MM" of an instant in a zone. */
function wallTime(ms, timeZone) {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
}

/** Today's count of messages on the log channel in the dashboard chart's numbers (0 when none). */
async function logMessagesToday() {
  const chart = page.getByRole('img', { name: 'Messages per day by channel' });
  const card = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Messages per day by channel' }) });
  await card.waitFor();
  if ((await chart.count()) === 0) return 0; // no messages at all yet
  const details = card.locator('details');
  if (!(await details.evaluate((d) => d.open))) await card.getByText('Show the numbers').click();
  const table = card.getByRole('table');
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const logColumn = headers.indexOf('Log only');
  if (logColumn < 0) return 0;
  const cells = await table.getByRole('row').last().getByRole('cell').allInnerTexts();
  return Number(cells[logColumn - 1]) || 0;
}

async function tick() {
  const res = await fetch(`${server.baseURL}/api/v1/cron/trigger`, { method: 'POST', headers: { Authorization: `Bearer ${CRON_SECRET}` } });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

test('a reminder is created from a template, sent by a tick, and counted in the log and on the dashboard', async () => {
  const suffix = Date.now().toString(36);
  const templateName = `E2E Tamoxifen ${suffix}`;
  // The demo data has reminders of its own: this run's message carries a marker.
  const marker = `ref ${suffix}`;
  let dueAt = 0;
  let logBefore = 0;

  await step('sign-in', async () => {
    await page.goto(server.baseURL + '/');
    await page.getByRole('button', { name: 'Continue as demo admin' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    logBefore = await logMessagesToday();
  });

  await step('settings', async () => {
    // No quiet hours, so the message goes out whatever the time of day of the run.
    await nav().getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByTestId('channel-status').getByText('Log only').waitFor();
    // Both fields empty switches quiet hours off.
    await page.locator('#settings-quiet-start').fill('');
    await page.locator('#settings-quiet-end').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').waitFor();
    await screenshot('settings');
  });

  await step('template', async () => {
    await nav().getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByLabel('Name', { exact: true }).fill(templateName);
    const body = page.getByLabel('Text in Bahasa Indonesia');
    await body.fill('Halo {{first_name}}, saatnya minum ');
    await body.press('End');
    await page.getByRole('button', { name: '{{medication}}', exact: true }).click();
    await body.press('End');
    await body.pressSequentially(` {{dose}}. (${marker})`);
    assert.equal(await body.inputValue(), `Halo {{first_name}}, saatnya minum {{medication}} {{dose}}. (${marker})`);
    await page.getByTestId('local-preview').getByText('Tamoxifen').waitFor();
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByRole('heading', { name: `Edit ${templateName}` }).waitFor();
    // The server renders the saved template for the patient.
    await page.getByRole('combobox', { name: 'Patient' }).fill('Siti');
    await page.getByRole('option', { name: new RegExp(PATIENT) }).click();
    await page.getByTestId('patient-preview').getByText(`Halo Siti, saatnya minum Tamoxifen 20 mg. (${marker})`, { exact: true }).waitFor();
    await screenshot('template-editor');
  });

  await step('reminder-form', async () => {
    await nav().getByRole('link', { name: 'Reminders' }).click();
    await page.getByRole('heading', { name: 'Reminders', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'New reminder' }).click();
    // The list page has a patient filter of the same name: wait for the form first.
    await page.getByRole('heading', { name: 'New reminder', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Patient' }).fill('Siti');
    await page.getByRole('option', { name: new RegExp(PATIENT) }).click();
    await page.getByText(`Times in ${PATIENT_ZONE}`).first().waitFor();
    await page.getByRole('textbox', { name: 'Medication' }).fill('Tamoxifen');
    await page.getByRole('textbox', { name: 'Dose' }).fill('20 mg');
    await page.getByRole('radio', { name: 'Use a template' }).check({ force: true });
    await page.getByLabel('Template', { exact: true }).selectOption({ label: templateName });

    // Due at the start of a minute at least 30 s from now, in the patient's time zone.
    dueAt = Math.ceil((Date.now() + 30_000) / 60_000) * 60_000;
    const hhmm = wallTime(dueAt, PATIENT_ZONE);
    await page.getByLabel('Time 1').fill(hhmm);
    const preview = page.getByRole('list', { name: 'Next five times' });
    await preview.getByRole('listitem').nth(4).waitFor();
    assert.equal(await preview.getByRole('listitem').count(), 5);
    await preview.getByRole('listitem').first().getByText(new RegExp(`${hhmm}$`)).waitFor();
    assert.match(await page.getByTestId('schedule-summary').innerText(), new RegExp(`^Every day at ${hhmm}`));
    await screenshot('reminder-form');

    await page.getByRole('button', { name: 'Create reminder' }).click();
    await page.getByRole('heading', { name: `Medication reminder for ${PATIENT}` }).waitFor();
    assert.match(page.url(), /\/reminders\/[0-9a-f-]{36}$/);
    await page.getByText('No occurrences yet.').waitFor();
  });

  await step('tick', async () => {
    while (Date.now() < dueAt + 1_000) await sleep(500);
    const summary = await tick();
    assert.ok(summary.occurrences_created >= 1, JSON.stringify(summary));
    // The tick queues the message; the server's dispatcher, always running, may send it
    // before the tick's own drain gets to it. Either way nothing due is left.
    assert.ok(summary.messages_queued >= 1, JSON.stringify(summary));
    assert.ok(summary.complete, JSON.stringify(summary));
  });

  await step('occurrence', async () => {
    await page.reload();
    const occurrences = page.getByRole('table');
    await occurrences.getByText('Pending').waitFor();
    await screenshot('reminder-detail');
    await occurrences.getByRole('button', { name: /^Confirm the dose due/ }).click();
    await occurrences.getByText('Confirmed', { exact: true }).waitFor();
    await occurrences.getByText('(by staff)').waitFor();
  });

  await step('message-log', async () => {
    await nav().getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: marker });
    await row.waitFor();
    assert.equal(await row.count(), 1);
    await row.getByText(PATIENT).waitFor();
    await row.getByText('Sent', { exact: true }).waitFor();
    await screenshot('message-log');
    await row.getByRole('button', { name: /Open message from/ }).click();
    const drawer = page.getByRole('dialog', { name: 'Message' });
    await drawer.getByTestId('attempt').first().waitFor();
    assert.match(await drawer.getByTestId('attempt').first().innerText(), /Attempt 1[\s\S]*Log only[\s\S]*Sent/);
    await screenshot('message-detail');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  await step('dashboard', async () => {
    await nav().getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('img', { name: 'Messages per day by channel' }).waitFor();
    // Today's bar on the log channel counts this run's message.
    const logAfter = await logMessagesToday();
    assert.ok(logAfter >= logBefore + 1, `log messages today: ${logBefore} before, ${logAfter} after`);
    await page.getByRole('img', { name: 'Messages per day by status' }).locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot('dashboard-charts');
  });

  await step('phone-and-korean', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByLabel('Language').selectOption('ko');
    await page.getByRole('button', { name: '메뉴' }).click();
    await nav().getByRole('link', { name: '알림' }).click();
    await page.getByRole('heading', { name: '알림', level: 1 }).waitFor();
    await page.getByRole('link', { name: '새 알림' }).click();
    await page.getByRole('combobox', { name: '환자' }).fill('Siti');
    await page.getByRole('option', { name: new RegExp(PATIENT) }).click();
    await page.getByRole('list', { name: '다음 5회' }).getByRole('listitem').nth(4).waitFor();
    await screenshot('phone-reminder-form-ko');
    await page.getByLabel('언어').selectOption('en');
  });
});
