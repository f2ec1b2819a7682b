// End-to-end: the real `prima` binary serving the embedded dashboard, driven in Chromium.
//   PRIMA_BIN (default ../bin/prima), CHROMIUM_PATH (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSession } from './session.mjs';

let server;
let page;
const { screenshot, step } = browserSession((s) => {
  ({ server, page } = s);
});

const nav = () => page.getByRole('navigation', { name: /Main navigation|Navigasi utama|주 메뉴/ });

function randomMobile() {
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  return `0812${digits}`;
}

test('a clinic admin manages a patient from sign-in to deletion', async () => {
  const name = `E2E Pasien ${Date.now().toString(36)}`;
  const renamed = `${name} Edited`;

  await step('sign-in', async () => {
    await page.goto(server.baseURL + '/');
    await page.getByRole('button', { name: 'Continue as demo admin' }).click();
    await page.getByText('PRIMA Demo Clinic').waitFor();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await screenshot('dashboard');
  });

  await step('patients-list', async () => {
    await nav().getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
    // The seeded demo patients are listed with the pagination text.
    await page.getByRole('table').getByRole('link').first().waitFor();
    await page.getByText(/^Showing \d+–\d+ of \d+$/).waitFor();
    await screenshot('patients');
  });

  await step('create', async () => {
    await page.getByRole('link', { name: 'New patient' }).click();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Phone number', { exact: true }).fill(randomMobile());
    await page.getByRole('button', { name: 'Create patient' }).click();
    await page.getByRole('heading', { name }).waitFor();
    assert.match(page.url(), /\/patients\/[0-9a-f-]{36}$/);
  });

  await step('search', async () => {
    await page.getByRole('link', { name: 'Back to patients' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill(name);
    await page.getByText('Showing 1–1 of 1').waitFor();
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name }).waitFor();
    await screenshot('patient-detail');
  });

  await step('edit', async () => {
    await page.getByRole('link', { name: 'Edit' }).click();
    const nameInput = page.getByLabel('Name', { exact: true });
    await nameInput.fill(renamed);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: renamed }).waitFor();
  });

  await step('invalid-phone', async () => {
    await page.getByRole('link', { name: 'Edit' }).click();
    const phone = page.getByLabel('Phone number', { exact: true });
    await phone.fill('12345');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('#patient-phone-error');
    await error.waitFor();
    assert.notEqual((await error.textContent())?.trim(), '');
    assert.equal(await phone.getAttribute('aria-invalid'), 'true');
    assert.match((await phone.getAttribute('aria-describedby')) ?? '', /patient-phone-error/);
    // The message is inside the phone field's block, right under the input.
    const sameBlock = await error.evaluate((el) => el.parentElement?.contains(document.getElementById('patient-phone')));
    assert.equal(sameBlock, true);
    await screenshot('phone-error');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: renamed }).waitFor();
  });

  await step('delete', async () => {
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete patient?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill(renamed);
    await page.getByText('No patients match these filters.').waitFor();
    assert.equal(await page.getByRole('link', { name: renamed }).count(), 0);
  });

  await step('languages', async () => {
    await page.getByLabel('Language').selectOption('id');
    await nav().getByRole('link', { name: 'Pasien' }).waitFor();
    await nav().getByRole('link', { name: 'Pengingat' }).waitFor();
    await page.getByLabel('Bahasa', { exact: true }).selectOption('ko');
    await nav().getByRole('link', { name: '환자' }).waitFor();
    await nav().getByRole('link', { name: '대시보드' }).waitFor();
    assert.equal(await nav().getByRole('link', { name: 'Patients' }).count(), 0);
    await screenshot('korean');
  });

  await step('phone-width', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByLabel('언어').selectOption('en');
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav().getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
    await page.getByText(/^Showing \d+–\d+ of \d+$/).waitFor();
    await screenshot('phone-patients');
  });

  await screenshot('end');
});
