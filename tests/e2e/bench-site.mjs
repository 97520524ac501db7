// Public status site speed (a benchmark, not a test: it prints figures and asserts nothing).
//   1. Publish latency: from an API POST to the new HTML in the published folder and to the
//      new summary.json there, p50 and p95 over 50 updates.
//   2. Time to the incident title on an emulated 1.6 Mbit/s, 150 ms round-trip connection in
//      Chromium, and the bytes over the wire before it shows: the published status page beside
//      a plain static copy of the same HTML (no styles, no script), in the same run, both
//      from nginx, median of 5 loads each with an empty cache.
//
//   node tests/e2e/bench-site.mjs      (after a server build; nginx from the set-up)
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

import { artifacts, launchBrowser, postUpdate, root, siteLive, startServer } from './harness.mjs';

const INCIDENT = 'inc-2026-11-20-flash-sale-orders';
const UPDATES = Number(process.env.UPDATES ?? 50);
const LOADS = Number(process.env.LOADS ?? 5);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
  });
}

mkdirSync(artifacts, { recursive: true });
const parent = mkdtempSync(path.join(artifacts, 'bench-site-'));
chmodSync(parent, 0o755);
const siteDir = path.join(parent, 'site');
const server = await startServer({ env: { HERALD_SITE_DIR: siteDir } });
await siteLive(server.url);

// 1. Publish latency, read from the folder as nginx would.
const html = [];
const json = [];
for (let i = 0; i < UPDATES; i += 1) {
  const text = `Bench update ${i} ${Date.now()}: still monitoring checkout.`;
  const started = performance.now();
  await postUpdate(server.url, INCIDENT, { audience: 'public', status: 'monitoring', author: 'Bench', text });
  let seenHtml = null;
  let seenJson = null;
  for (let polls = 0; polls < 2000 && (seenHtml === null || seenJson === null); polls += 1) {
    const now = performance.now();
    if (seenHtml === null) {
      try { if (readFileSync(path.join(siteDir, 'live/index.html'), 'utf8').includes(text)) seenHtml = now - started; } catch { /* mid-swap */ }
    }
    if (seenJson === null) {
      try { if (readFileSync(path.join(siteDir, 'live/api/v2/summary.json'), 'utf8').includes(text)) seenJson = now - started; } catch { /* mid-swap */ }
    }
    if (seenHtml === null || seenJson === null) await sleep(2);
  }
  html.push(seenHtml ?? Infinity);
  json.push(seenJson ?? Infinity);
}
html.sort((a, b) => a - b);
json.sort((a, b) => a - b);
console.log(`publish → new HTML in the folder over ${UPDATES} updates: p50 ${percentile(html, 0.5).toFixed(0)} ms, p95 ${percentile(html, 0.95).toFixed(0)} ms, max ${html.at(-1).toFixed(0)} ms`);
console.log(`publish → new summary.json in the folder: p50 ${percentile(json, 0.5).toFixed(0)} ms, p95 ${percentile(json, 0.95).toFixed(0)} ms`);
await server.stop();

// 2. Time to the title over a slow connection, the page beside its plain static copy.
const live = path.join(siteDir, 'live');
const page = readFileSync(path.join(live, 'index.html'), 'utf8');
const plain = page.replace(/<style>[^<]*<\/style>/g, '').replace(/<script[^>]*><\/script>/g, '');
const copyDir = path.join(parent, 'copy');
mkdirSync(copyDir, { recursive: true });
writeFileSync(path.join(copyDir, 'index.html'), plain);
const temp = mkdtempSync(path.join(artifacts, 'bench-nginx-'));
chmodSync(temp, 0o755);
const port = await freePort();
const conf = readFileSync(path.join(root, 'site/deploy/nginx.conf'), 'utf8')
  .replaceAll('{{ROOT}}', siteDir).replaceAll('{{PORT}}', String(port)).replaceAll('{{TEMP}}', temp)
  .replace('    index index.html;', `    index index.html;\n    location /copy/ { alias ${copyDir}/; }`);
writeFileSync(path.join(temp, 'nginx.conf'), conf);
const nginx = spawn(process.env.NGINX ?? '/usr/sbin/nginx', ['-p', temp, '-c', path.join(temp, 'nginx.conf')], { stdio: 'ignore' });
for (let i = 0; i < 100; i += 1) { try { await fetch(`http://127.0.0.1:${port}/`); break; } catch { await sleep(100); } }

const browser = await launchBrowser();
async function load(url) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip: Lighthouse's "slow 4G".
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });
  const started = performance.now();
  await tab.goto(url, { waitUntil: 'commit' });
  await tab.locator('[data-testid=public-incident-title]').first().waitFor({ timeout: 30_000 });
  const shown = performance.now() - started;
  const before = bytes;
  await tab.waitForLoadState('load');
  await context.close();
  return { shown, before };
}
const results = { page: [], copy: [] };
for (let i = 0; i < LOADS; i += 1) {
  results.page.push(await load(`http://127.0.0.1:${port}/`));
  results.copy.push(await load(`http://127.0.0.1:${port}/copy/`));
}
for (const [name, runs] of Object.entries(results)) {
  const shown = runs.map((r) => r.shown).sort((a, b) => a - b);
  const bytes = runs.map((r) => r.before).sort((a, b) => a - b);
  console.log(`${name === 'page' ? 'published page' : 'plain static copy'}: incident title after ${percentile(shown, 0.5).toFixed(0)} ms (median of ${LOADS}), ${percentile(bytes, 0.5)} bytes over the wire before it shows`);
}
const ratio = percentile(results.page.map((r) => r.shown).sort((a, b) => a - b), 0.5) / percentile(results.copy.map((r) => r.shown).sort((a, b) => a - b), 0.5);
console.log(`published page / plain copy: ${ratio.toFixed(2)}×`);
console.log('reproduce: cargo build -p herald-server && node tests/e2e/bench-site.mjs (UPDATES=50 LOADS=5)');
await browser.close();
nginx.kill('SIGTERM');
