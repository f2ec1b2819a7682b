// End-to-end: with CLERK_PUBLISHABLE_KEY set, the dashboard's Content-Security-Policy lets
// Clerk's script load and call its Frontend API. The key names a local HTTPS stand-in for
// the Frontend API, which serves a stub clerk-js that exercises what Clerk needs (fetch to
// the Frontend API, a blob worker, an image from img.clerk.com, Cloudflare's challenge
// frame); the page must report no CSP violation.
//   PRIMA_BIN (default ../bin/prima), CHROMIUM_PATH (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './browser.mjs';
import { startServer } from './server.mjs';

let fapi; // the stand-in Frontend API: { origin, hits, close }
let server;
let context;
let profile;

/** A self-signed certificate for 127.0.0.1 (the browser is told to accept it). */
function selfSignedCert(dir) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/** Serves a stub clerk-js and records what the browser asked for. */
async function startFrontendAPI() {
  const dir = mkdtempSync(join(tmpdir(), 'prima-fapi-'));
  const hits = [];
  const srv = createServer(selfSignedCert(dir), (req, res) => {
    hits.push(req.url);
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    if (/^\/npm\/@clerk\/clerk-js@[^/]+\/dist\/clerk\.browser\.js/.test(req.url)) {
      res.setHeader('Content-Type', 'application/javascript');
      res.end(stubClerkJS(`https://${req.headers.host}`));
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end('{}');
  });
  await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
  const origin = `https://127.0.0.1:${srv.address().port}`;
  const close = async () => {
    await new Promise((ok) => srv.close(ok));
    rmSync(dir, { recursive: true, force: true });
  };
  return { origin, host: origin.slice('https://'.length), hits, close };
}

/** What the stub does is what Clerk's script needs the page's policy to allow. */
function stubClerkJS(origin) {
  return `
    window.__clerkStub = { loaded: true };
    fetch(${JSON.stringify(origin + '/v1/environment')}).then(() => { window.__clerkStub.fetched = true; });
    const w = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
    w.onmessage = () => { window.__clerkStub.worker = true; };
    const img = new Image(); img.src = 'https://img.clerk.com/stub.png'; document.body.appendChild(img);
    const frame = document.createElement('iframe'); frame.src = 'https://challenges.cloudflare.com/stub';
    frame.style.display = 'none'; document.body.appendChild(frame);
  `;
}

before(async () => {
  fapi = await startFrontendAPI();
  const publishableKey = 'pk_test_' + Buffer.from(`${fapi.host}$`).toString('base64');
  server = await startServer({ env: { CLERK_PUBLISHABLE_KEY: publishableKey } });
  profile = mkdtempSync(join(tmpdir(), 'prima-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    // Nothing leaves the machine: other hosts fail to resolve (a network error, never a CSP one).
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    ignoreHTTPSErrors: true,
  });
});

after(async () => {
  await context?.close().catch(() => {});
  if (profile) rmSync(profile, { recursive: true, force: true });
  await server?.stop();
  await fapi?.close();
});

test('the dashboard loads Clerk with no Content-Security-Policy violation', async () => {
  const page = await context.newPage();
  const violations = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await page.exposeFunction('__reportCSP', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__reportCSP(`${e.violatedDirective} blocked ${e.blockedURI}`),
    );
  });

  const res = await page.goto(server.baseURL + '/');

  // The stub ran, reached the Frontend API, and its worker answered.
  await page.waitForFunction(() => window.__clerkStub?.fetched && window.__clerkStub?.worker, null, { timeout: 15_000 })
    .catch(() => {});
  await page.waitForTimeout(500); // let late reports arrive
  assert.deepEqual(violations, [], `CSP violations:\n${violations.join('\n')}`);
  const csp = res.headers()['content-security-policy'] ?? '';
  assert.ok(csp.includes(`script-src 'self' ${fapi.origin}`), csp);
  assert.ok(fapi.hits.some((u) => u.includes('/clerk.browser.js')), `clerk-js was not requested: ${fapi.hits}`);
  assert.ok(fapi.hits.includes('/v1/environment'), `the Frontend API was not called: ${fapi.hits}`);
  const stub = await page.evaluate(() => window.__clerkStub);
  assert.ok(stub?.fetched && stub?.worker, `the stub did not finish: ${JSON.stringify(stub)}`);
  await page.close();
});
