// Starts `prima serve` on a free port with a fresh SQLite database for the browser tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The bearer secret of the trigger URL (POST /api/v1/cron/trigger) in the browser tests: fixed, 40 characters. */
export const CRON_SECRET = 'e2e-cron-secret-0123456789abcdefghijklmn';

/** Starts the server; env adds to (or overrides) its environment. */
export async function startServer({ timeoutMs = 30_000, env = {} } = {}) {
  const bin = resolve(process.env.PRIMA_BIN || '../bin/prima');
  const dataDir = mkdtempSync(join(tmpdir(), 'prima-e2e-'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      PRIMA_ADDR: `127.0.0.1:${port}`,
      PRIMA_BASE_URL: baseURL,
      DATABASE_URL: `sqlite:${join(dataDir, 'e2e.db')}`,
      PRIMA_DATA_DIR: dataDir,
      PRIMA_SCHEDULER: 'external',
      CRON_SECRET,
      PRIMA_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  child.on('error', (err) => (exited = { error: err.message }));

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      if (!exited) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      await stop();
      throw new Error(`prima exited before it was ready (${JSON.stringify(exited)}):\n${output}`);
    }
    try {
      const res = await fetch(`${baseURL}/readyz`);
      if (res.status === 200) return { baseURL, stop, output: () => output };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await stop();
  throw new Error(`prima was not ready within ${timeoutMs} ms:\n${output}`);
}
