// One browser session per test file: the real `prima` binary with demo data,
// Chromium, one page, and helpers that keep a screenshot of a failed step.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { startServer } from './server.mjs';

export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * Starts the server and the browser before the file's tests and stops them
 * after; ready receives the session (server, page) once they are up.
 */
export function browserSession(ready = () => {}) {
  const s = {
    server: null,
    browser: null,
    page: null,
    /** Saves a full-page screenshot under e2e/artifacts. */
    async screenshot(name) {
      await s.page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }).catch(() => {});
    },
    /** Runs a step; on failure saves a screenshot named after it. */
    async step(name, fn) {
      try {
        await fn();
      } catch (err) {
        await s.screenshot(`failure-${name}`);
        throw err;
      }
    },
  };
  before(async () => {
    s.server = await startServer();
    s.browser = await launchBrowser();
    s.page = await s.browser.context.newPage();
    s.page.setDefaultTimeout(15_000);
    ready(s);
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.stop();
  });
  return s;
}
