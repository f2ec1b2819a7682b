// End-to-end: the conversation inbox against the real `prima` binary with its
// demo data: urgent first, a thread, a simulated patient message answered
// automatically, a staff reply, resolving; at desktop and phone width, in
// English and Korean.
//   PRIMA_BIN (default ../bin/prima), CHROMIUM_PATH (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSession } from './session.mjs';

// The demo's patients who wrote in (internal/seed/conversations.go): Budi's
// message is urgent (fever after chemotherapy), Siti asked a question.
const URGENT = 'Budi Santoso';
const QUESTION = 'Siti Rahmawati';

let server;
let page;
const { screenshot, step } = browserSession((s) => {
  ({ server, page } = s);
});

const rows = () => page.getByTestId('conversation-row');
const thread = () => page.getByRole('region', { name: /^(Conversation|Percakapan|대화)$/ });
const bubbles = () => thread().getByTestId('thread-message');
const language = (code) => page.getByLabel(/^(Language|Bahasa|언어)$/).first().selectOption(code);

async function firstRowName() {
  await rows().first().waitFor();
  return (await rows().first().locator('p').first().textContent())?.trim();
}

/** Opens a patient's thread from the inbox. */
async function openThread(name) {
  await rows().filter({ hasText: name }).first().getByRole('link').click();
  await thread().getByRole('heading', { name }).waitFor();
  await bubbles().first().waitFor();
}

async function noSidewaysScroll(label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${label}: the page scrolls sideways by ${overflow}px`);
}

test('staff read, answer and resolve conversations; urgent ones come first', async () => {
  await step('sign-in', async () => {
    await page.goto(server.baseURL + '/');
    await page.getByRole('button', { name: 'Continue as demo admin' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  });

  await step('nav-badge', async () => {
    const nav = page.getByRole('navigation', { name: 'Main navigation' }).last();
    await nav.getByRole('link', { name: /Conversations/ }).getByText(/urgent conversation/).waitFor();
  });

  await step('inbox-urgent-first', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).last().getByRole('link', { name: /Conversations/ }).click();
    await page.getByRole('heading', { name: 'Conversations', level: 1 }).waitFor();
    assert.equal(await firstRowName(), URGENT);
    await rows().first().getByText('Urgent').first().waitFor();
    await rows().filter({ hasText: QUESTION }).first().waitFor();
    await screenshot('conversations-inbox-en-1280');
  });

  await step('thread', async () => {
    await openThread(QUESTION);
    // The patient's question, understood by the rules, with the clinic's answer after it.
    const question = bubbles().filter({ hasText: 'Apakah tamoxifen boleh diminum sebelum makan?' });
    await question.getByText('Question').waitFor();
    assert.equal(await question.getAttribute('data-direction'), 'inbound');
    await screenshot('conversations-thread-en-1280');
  });

  await step('simulate-patient-message', async () => {
    const before = await bubbles().count();
    const form = page.getByRole('form', { name: 'Simulate patient message (development)' });
    await form.getByLabel('Message from the patient').fill('sudah minum obat');
    await form.getByRole('button', { name: 'Send as patient' }).click();
    const sent = bubbles().filter({ hasText: 'sudah minum obat' }).last();
    await sent.waitFor();
    assert.equal(await sent.getAttribute('data-direction'), 'inbound');
    await sent.getByText('Confirmed').waitFor({ timeout: 10_000 });
    // The automated answer comes after it.
    await page.waitForFunction(
      (n) => {
        const items = [...document.querySelectorAll('[data-testid="thread-message"]')];
        const i = items.findLastIndex((el) => el.textContent?.includes('sudah minum obat'));
        return items.length > n && items.slice(i + 1).some((el) => el.getAttribute('data-direction') === 'outbound' && el.getAttribute('data-kind') !== 'staff');
      },
      before + 1,
      { timeout: 10_000 },
    );
    await screenshot('conversations-simulated-en-1280');
  });

  await step('staff-reply', async () => {
    const text = `Baik, terima kasih (${Date.now() % 10_000})`;
    await thread().getByLabel('Reply').fill(text);
    await thread().getByLabel('Reply').press('Control+Enter');
    const mine = bubbles().filter({ hasText: text });
    await mine.waitFor();
    assert.equal(await mine.getAttribute('data-kind'), 'staff');
    await mine.getByText(/^(Queued|Sending|Sent|Delivered|Read)$/).waitFor();
    assert.equal(await thread().getByLabel('Reply').inputValue(), '');
  });

  await step('resolve-urgent', async () => {
    await openThread(URGENT);
    await thread().getByText('Urgent').first().waitFor();
    await thread().getByRole('button', { name: 'Resolve' }).click();
    await thread().getByText('Resolved').waitFor();
    // The inbox refreshes: Budi is no longer first.
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="conversation-row"] p')?.textContent?.trim() !== name,
      URGENT,
      { timeout: 15_000 },
    );
    assert.notEqual(await firstRowName(), URGENT);
    await rows().filter({ hasText: URGENT }).first().getByText('Resolved').waitFor();
    await screenshot('conversations-resolved-en-1280');
  });

  await step('korean-desktop', async () => {
    await language('ko');
    await thread().getByRole('button', { name: /보내기/ }).first().waitFor();
    await screenshot('conversations-thread-ko-1280');
    await page.goto(server.baseURL + '/conversations');
    await rows().first().waitFor();
    await screenshot('conversations-inbox-ko-1280');
  });

  await step('phone-width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.baseURL + '/conversations');
    await rows().first().waitFor();
    await noSidewaysScroll('inbox ko 390');
    await screenshot('conversations-inbox-ko-390');
    await rows().filter({ hasText: QUESTION }).first().getByRole('link').click();
    await bubbles().first().waitFor();
    // On a phone the thread replaces the list; the back button returns to it.
    assert.equal(await rows().first().isVisible(), false);
    await noSidewaysScroll('thread ko 390');
    await screenshot('conversations-thread-ko-390');
    await language('en');
    await thread().getByRole('link', { name: 'Inbox' }).waitFor();
    await noSidewaysScroll('thread en 390');
    await screenshot('conversations-thread-en-390');
    await thread().getByRole('link', { name: 'Inbox' }).click();
    await rows().first().waitFor();
    await noSidewaysScroll('inbox en 390');
    await screenshot('conversations-inbox-en-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  // Urgent messages notify the patient's volunteer (admins only hear of unassigned patients).
  await step('volunteer-notification', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Continue as demo volunteer' }).click();
    await page.locator('main h1').first().waitFor();
    await page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
    const item = page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: new RegExp(`^Urgent message from ${URGENT}`) }).first();
    await item.waitFor();
    await screenshot('conversations-bell-en-1280');
    await item.click();
    await thread().getByRole('heading', { name: URGENT }).waitFor();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    await screenshot('conversations-from-notification-en-1280');
  });
});
