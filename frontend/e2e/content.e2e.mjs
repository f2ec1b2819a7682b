// End-to-end: an article with an uploaded cover, published, read on its public
// page by someone who is not signed in; at desktop and phone width.
//   PRIMA_BIN (default ../bin/prima), CHROMIUM_PATH (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSession } from './session.mjs';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

let server;
let page;
const { screenshot, step } = browserSession((s) => {
  ({ server, page } = s);
});

test('an article with an uploaded cover is published and readable on its public page', async () => {
  const title = `E2E Perawatan luka ${Date.now().toString(36)}`;
  let publicURL = '';

  await step('sign-in', async () => {
    await page.goto(server.baseURL + '/');
    await page.getByRole('button', { name: 'Continue as demo admin' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  });

  await step('content-list', async () => {
    await page.goto(server.baseURL + '/content');
    await page.getByRole('heading', { name: 'Content', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Articles' }).waitFor();
    await screenshot('content-list-1280');
  });

  await step('create', async () => {
    await page.getByRole('link', { name: 'New article' }).click();
    await page.getByLabel('Title').fill(title);
    await page.locator('#article-cover-file').setInputFiles({ name: 'cover.jpg', mimeType: 'image/jpeg', buffer: PNG });
    const cover = page.getByRole('img', { name: 'Cover image' });
    await cover.waitFor();
    assert.match(await cover.getAttribute('src'), /\/uploads\/[0-9a-f]{32}\.png$/);
    await page.getByLabel('Text (Markdown)').fill('## Langkah\n\n- Cuci tangan\n- Ganti **perban** setiap hari\n\n<script>alert(1)</script>');
    await page.getByLabel(/^Published/).check();
    await screenshot('article-editor-1280');
    await page.getByRole('button', { name: 'Create article' }).click();
    const open = page.getByRole('link', { name: 'Open public page' });
    await open.waitFor();
    publicURL = await open.getAttribute('href');
    assert.ok(publicURL.startsWith(server.baseURL + '/public/articles/e2e-perawatan-luka-'), publicURL);
  });

  await step('public-page', async () => {
    const anon = await page.context().browser()?.newContext?.();
    const reader = anon ? await anon.newPage() : await page.context().newPage();
    const errors = [];
    reader.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await reader.goto(publicURL);
    await reader.getByRole('heading', { name: title, level: 1 }).waitFor();
    assert.equal(await reader.locator('html').getAttribute('lang'), 'id');
    assert.ok(await reader.locator('img.cover').evaluate((img) => img.complete && img.naturalWidth === 1), 'the cover loads');
    assert.equal(await reader.locator('script').count(), 0);
    assert.equal(await reader.getByText('perban').count(), 1);
    assert.deepEqual(errors, [], 'no CSP violations or other console errors');
    await reader.setViewportSize({ width: 390, height: 844 });
    await reader.screenshot({ path: new URL('./artifacts/article-public-390.png', import.meta.url).pathname, fullPage: true });
    await reader.close();
  });

  await step('phone-width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.baseURL + '/content');
    await page.getByRole('link', { name: title, exact: true }).waitFor();
    await screenshot('content-list-390');
    await page.getByRole('link', { name: title, exact: true }).click();
    await page.getByLabel('Text (Markdown)').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the editor is ${overflow}px wider than the phone`);
    await screenshot('article-editor-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
