// Shared set-up for the end-to-end tests: start the real server on a free loopback port with a
// fresh database, and launch Debian's headless Chromium through playwright-core.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';

import { chromium } from 'playwright-core';

import { launch } from './receivers/launch.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(root, 'target', 'e2e');

const SERVER_START_MS = 20_000;

/** The write token every test server takes; reads are open (loopback only). */
export const WRITE_TOKEN = 'e2e-write-token-e2e-write-token-e2e-write';

/**
 * Waits until the public status site shows the feed's latest version (herald-server publishes
 * it just after each write), so a test reading /status/ reads what it just wrote. Bounded:
 * 100 polls, 10 s.
 */
export async function siteLive(url) {
  let health = null;
  for (let i = 0; i < 100; i += 1) {
    health = await (await fetch(new URL('/healthz', url))).json();
    if (health.site?.live_version === health.version) return health;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the status site did not catch up: ${JSON.stringify(health)}`);
}

/**
 * Starts herald-server; resolves with its base URL, a stop function, and what a restart needs.
 * `again` restarts on the same port and database, as an operator bringing it back would.
 */
export async function startServer(again = {}) {
  mkdirSync(artifacts, { recursive: true });
  const db = again.db ?? path.join(mkdtempSync(path.join(artifacts, 'db-')), 'herald.db');
  const bind = again.bind ?? '127.0.0.1:0';
  const binary = process.env.HERALD_SERVER_BIN ?? path.join(root, 'target', 'debug', 'herald-server');
  const dist = again.dist ?? process.env.HERALD_DIST ?? path.join(root, 'dist');
  // Reads are open unless the test gives a read token.
  const reads = again.readToken ? { HERALD_READ_TOKEN: again.readToken } : {};
  const child = spawn(binary, [
    '--bind', bind,
    '--db', db,
    '--dist', dist,
    ...(again.readToken ? [] : ['--open-reads']),
    ...(again.seed ? ['--seed', again.seed] : []),
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: {
    ...process.env,
    HERALD_WRITE_TOKEN: WRITE_TOKEN,
    // The demo as its file has it (fixed ids and times); `liveDemo` places it at now, as run.sh does.
    ...(again.liveDemo ? {} : { HERALD_FIXED_DEMO_TIMES: 'true' }),
    ...reads,
    ...(again.env ?? {}),
  } });

  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${SERVER_START_MS} ms:\n${stderr}`));
    }, SERVER_START_MS);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/Herald is serving (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving:\n${stderr}`));
    });
  });

  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
  // A crash: no goodbye, no flush beyond what the server already made durable.
  const kill = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on('exit', resolve);
    child.kill('SIGKILL');
  });
  const address = url.replace(/^http:\/\//, '').replace(/\/$/, '');
  return { url, stop, kill, db, bind: address, logs: () => stderr };
}

/**
 * A free loopback port, for a server that must know its own address before it starts (its
 * public URL names it): listen on port 0, read the port, close.
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Stops a receiver: SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

/**
 * Starts the loopback SMTP receiver (receivers/smtp-receiver.mjs) as a child process; resolves
 * with its ports, `messages(to)` (what it kept, parsed) and `stop`. Bounded: 10 s to start.
 */
export async function startSmtpReceiver(args = []) {
  const script = path.join(root, 'tests', 'e2e', 'receivers', 'smtp-receiver.mjs');
  const { child, info: ports, stderr } = await launch(script, args, 10_000);
  const messages = async (to) => {
    const query = to === undefined ? '' : `?to=${encodeURIComponent(to)}`;
    const response = await fetch(`http://127.0.0.1:${ports.http}/messages${query}`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`the SMTP receiver answered ${response.status}`);
    return response.json();
  };
  return { ...ports, url: `smtp://127.0.0.1:${ports.smtp}`, messages, stop: () => stopChild(child), logs: stderr };
}

/**
 * Starts the loopback webhook receiver (receivers/webhook-receiver.mjs), checking signatures
 * made with `secret`; resolves with its port, `url(path)`, `received(path)` and `stop`.
 */
export async function startWebhookReceiver(secret, args = []) {
  const script = path.join(root, 'tests', 'e2e', 'receivers', 'webhook-receiver.mjs');
  const { child, info, stderr } = await launch(script, ['--secret', secret, ...args], 10_000);
  const url = (at) => `http://127.0.0.1:${info.port}${at}`;
  const received = async (at) => {
    const response = await fetch(url('/_received'), { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`the webhook receiver answered ${response.status}`);
    return (await response.json()).filter((r) => at === undefined || r.path === at);
  };
  return { port: info.port, url, received, stop: () => stopChild(child), logs: stderr };
}

/** Posts an update through the internal API; resolves with the server's JSON answer. */
export async function postUpdate(url, incident, body, key = `e2e-${Date.now()}-${Math.random()}`) {
  const response = await fetch(new URL(`/api/v1/incidents/${incident}/updates`, url), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${WRITE_TOKEN}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * The set-up every suite shares: before its tests, a fresh server (`startServer`'s options, or
 * a function that makes them, run first) and a headless browser; after them, both stopped, whatever failed. The returned pair is filled in
 * by the time a test runs; a test that restarts the server puts the new one in `env.server`.
 */
export function serverAndBrowser(options = {}) {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await startServer(typeof options === 'function' ? await options() : options);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** Launches headless Chromium with the flags this machine needs (no network but loopback). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A new page that records every uncaught error and console error, so a panic fails the test. */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Failed fetches the test itself provoked are logged by the browser; they are not app errors.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return { context, page, errors };
}

/**
 * Opens the communications console, enters the write token (checked by the server) and the
 * writer's name unless told not to; resolves with the page parts.
 */
export async function openConsole(browser, server, { token = WRITE_TOKEN, author = 'Amara Okafor' } = {}) {
  const opened = await openPage(browser);
  await opened.page.goto(`${server.url}console/`);
  if (token) {
    await opened.page.getByTestId('token-input').fill(token);
    await opened.page.getByTestId('token-save').click();
    await opened.page.locator('[data-testid=token-status]:not([data-state=checking])').waitFor({ timeout: 15_000 });
  }
  if (author) {
    await opened.page.getByTestId('author-input').fill(author);
    await opened.page.getByTestId('author-save').click();
  }
  await opened.page.getByTestId('template-select').waitFor({ timeout: 15_000 });
  return opened;
}

/** Waits until the console's outbox has folded at least `count` sent writes into its summary. */
export async function waitSent(page, count, timeout = 15_000) {
  await page.waitForFunction((n) => Number.parseInt(
    document.querySelector('[data-testid=outbox-sent-summary]')?.textContent ?? '0', 10) >= n, count, { timeout });
}
