// End-to-end: a campaign against the real `prima` binary with demo data. The
// admin builds an audience from a tag and sees the live count (and who is
// left out and why), saves the draft, checks it, starts sending and watches
// the progress bar reach 100 %; the recipients list shows each result.
// Screenshots at desktop and phone width in English, Indonesian and Korean.
//   PRIMA_BIN (default ../bin/prima), CHROMIUM_PATH (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSession } from './session.mjs';

const NAME = 'Breast cancer awareness month';
const TAG = 'breast'; // demo patients: Siti and Maria consent, Rina declined (internal/seed)

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

test('admins build an audience, see the count, execute and watch the campaign reach 100 %', async () => {
  await step('sign-in', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(server.baseURL + '/');
    await page.getByRole('button', { name: 'Continue as demo admin' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  });

  await step('quiet-hours-off', async () => {
    // No quiet hours, so the messages go out whatever the time of day of the run.
    await nav().getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.locator('#settings-quiet-start').fill('');
    await page.locator('#settings-quiet-end').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').waitFor();
  });

  await step('empty-list', async () => {
    await nav().getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
    await page.getByText('No campaigns yet').waitFor();
    await screenshot('campaigns-empty-en-1366');
  });

  await step('build-audience', async () => {
    await page.getByRole('link', { name: 'New campaign' }).first().click();
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(NAME);
    await page.getByLabel('Text in Bahasa Indonesia').fill('Halo {{first_name}}, bulan ini ada skrining mamografi gratis di {{clinic}}.');
    await page.getByLabel('Has any of these tags').fill(TAG);
    // The live count: two will receive it, three are chosen, one has no consent.
    const preview = page.getByTestId('audience-preview');
    await preview.getByTestId('preview-eligible').getByText('2 patients will receive it').waitFor();
    await preview.getByTestId('preview-count').getByText('3 patients chosen in all').waitFor();
    await preview.getByTestId('preview-exclusions').getByText('No consent').waitFor();
    await screenshot('campaign-builder-en-1366');
  });

  await step('save-and-check', async () => {
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Ready to send').waitFor();
    await screenshot('campaign-checked-en-1366');
  });

  await step('execute-and-watch', async () => {
    await page.getByRole('button', { name: 'Start sending' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('Start sending this campaign?').waitFor();
    await dialog.getByRole('button', { name: 'Start sending' }).click();
    const bar = page.getByRole('progressbar', { name: /progress/i }).first();
    await page.waitForFunction(
      () => document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') === '100',
      null,
      { timeout: 30_000 },
    );
    assert.equal(await bar.getAttribute('aria-valuenow'), '100');
    await page.getByText('Completed').first().waitFor();
    await screenshot('campaign-completed-en-1366');
  });

  await step('recipients', async () => {
    const rows = page.getByTestId('recipient-row');
    await rows.filter({ hasText: 'Siti Rahmawati' }).getByText('Sent').waitFor();
    await rows.filter({ hasText: 'Rina Wulandari' }).getByText('No consent').waitFor();
    assert.equal(await rows.count(), 3);
  });

  await step('phone-and-languages', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await noSidewaysScroll('campaign detail at 390 px');
    await screenshot('campaign-detail-en-390');
    for (const code of ['id', 'ko']) {
      await language(code);
      await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
      await noSidewaysScroll(`campaign detail at 390 px (${code})`);
      await screenshot(`campaign-detail-${code}-390`);
    }
    await language('en');
    await page.goto(server.baseURL + '/campaigns/new');
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await noSidewaysScroll('campaign builder at 390 px');
    await screenshot('campaign-builder-en-390');
    await page.goto(server.baseURL + '/campaigns');
    await page.getByText(NAME).first().waitFor();
    await noSidewaysScroll('campaign list at 390 px');
    await screenshot('campaigns-list-en-390');
    await page.goto(server.baseURL + '/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByLabel('Warm up this WhatsApp number').check();
    await noSidewaysScroll('settings with the warm-up at 390 px');
    await screenshot('settings-warmup-en-390');
    await page.setViewportSize({ width: 1366, height: 900 });
    await screenshot('settings-warmup-en-1366');
  });
});
