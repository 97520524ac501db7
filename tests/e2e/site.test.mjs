// The public status site alive when Herald is not: publish through the API, stop herald-server,
// and read the status page, an incident page, the badge, summary.json and the widget (embedded
// in a host page) from nginx serving the published folder, with JavaScript on and off.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { artifacts, launchBrowser, openConsole, openPage, postUpdate, root, siteLive, startServer, waitSent } from './harness.mjs';

const INCIDENT = 'inc-2026-11-20-flash-sale-orders';
const WAIT = { timeout: 15_000 };
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';

/** A free loopback port: bound by the system, then released for nginx to take. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** nginx serving `siteDir` with the project's reference configuration; resolves when it answers. */
async function startNginx(siteDir) {
  const temp = mkdtempSync(path.join(artifacts, 'nginx-'));
  // nginx's workers drop root for an unprivileged user, who must be able to read the site.
  chmodSync(temp, 0o755);
  const port = await freePort();
  const conf = readFileSync(path.join(root, 'site/deploy/nginx.conf'), 'utf8')
    .replaceAll('{{ROOT}}', siteDir).replaceAll('{{PORT}}', String(port)).replaceAll('{{TEMP}}', temp);
  writeFileSync(path.join(temp, 'nginx.conf'), conf);
  const child = spawn(NGINX, ['-p', temp, '-c', path.join(temp, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', resolve);
    child.kill('SIGTERM');
  });
  return { url, stop, logs: () => stderr };
}

/** A shop's page on another origin embedding the widget from the status site. */
function startHost(siteUrl) {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><herald-status id="w" mode="full" lang="en"></herald-status>
<script async src="${siteUrl}widget/herald-status.js"></script></body></html>`;
  const host = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  return new Promise((resolve) => host.listen(0, '127.0.0.1', () => resolve(host)));
}

describe('the public site without herald-server', { timeout: 180_000 }, () => {
  const env = {};
  const TEXT = `Published before the outage ${Date.now()}: checkout works again for most customers.`;
  before(async () => {
    const parent = mkdtempSync(path.join(artifacts, 'site-'));
    chmodSync(parent, 0o755);
    const siteDir = path.join(parent, 'site');
    mkdirSync(siteDir, { recursive: true });
    env.siteDir = siteDir;
    const server = await startServer({ env: { HERALD_SITE_DIR: siteDir } });
    env.server = server;
    await postUpdate(server.url, INCIDENT, { audience: 'public', status: 'monitoring', author: 'Amara Okafor', text: TEXT });
    await postUpdate(server.url, INCIDENT, { audience: 'internal', status: 'monitoring', author: 'Jonas Weber', text: 'INTERNAL-SITE: restart db-7' });
    await siteLive(server.url);
    // Herald goes down; the site must not.
    await server.stop();
    assert.ok(await fetch(server.url).then(() => false, () => true), 'control: herald-server is stopped');
    env.nginx = await startNginx(siteDir);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.nginx?.stop();
    // Stopped already unless the set-up failed half-way; a live child would keep this file open.
    await env.server?.stop();
  });

  for (const js of [true, false]) {
    test(`the status page and the incident page read from nginx, JavaScript ${js ? 'on' : 'off'}`, async () => {
      const { context, page, errors } = await openPage(env.browser, { javaScriptEnabled: js, viewport: { width: 390, height: 844 }, locale: 'en-GB' });
      await page.goto(env.nginx.url);
      await page.getByTestId('public-incident-title').first().waitFor(WAIT);
      const body = await page.locator('body').innerText();
      assert.ok(body.includes(TEXT), 'the update published before the outage');
      assert.doesNotMatch(body, /INTERNAL-SITE/);
      assert.doesNotMatch(body, /needs JavaScript/);
      await page.screenshot({ path: path.join(artifacts, `site-nginx-status-js-${js ? 'on' : 'off'}.png`), fullPage: true });
      await page.getByTestId('public-incident-title').first().locator('a').click();
      await page.waitForURL(/\/incidents\/inc-2026-11-20-flash-sale-orders\/$/);
      assert.ok((await page.locator('main').innerText()).includes(TEXT));
      // The Chinese page, from the language link.
      await page.getByTestId('locale-switch').click();
      await page.waitForURL(/\/zh-CN\/incidents\//);
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
      assert.match(await page.getByTestId('public-incident-title').textContent(), /黑色星期五/);
      await page.screenshot({ path: path.join(artifacts, `site-nginx-incident-zh-js-${js ? 'on' : 'off'}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test("a first visit goes to the reader's language, and a link to the other language's page stays there", async () => {
    // A Chinese browser at the root is sent to the Chinese pages.
    const zh = await openPage(env.browser, { locale: 'zh-CN' });
    await zh.page.goto(env.nginx.url);
    await zh.page.waitForURL(/\/zh-CN\/$/, WAIT);
    assert.equal(await zh.page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.deepEqual(zh.errors, []);
    await zh.context.close();
    // An English browser sent a link to a Chinese incident page reads that page.
    const en = await openPage(env.browser, { locale: 'en-GB' });
    const link = new URL('zh-CN/incidents/inc-2026-11-20-flash-sale-orders/', env.nginx.url).href;
    await en.page.goto(link);
    await en.page.getByTestId('public-incident-title').waitFor(WAIT);
    await en.page.waitForTimeout(500);
    assert.equal(en.page.url(), link);
    assert.equal(await en.page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.deepEqual(en.errors, []);
    await en.context.close();
  });

  test('every page of the site, both languages, both themes, on a phone: nothing wider than the screen, axe clean', async () => {
    const AXE = readFileSync(path.join(root, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');
    const shots = path.join(artifacts, 'site-pages');
    mkdirSync(shots, { recursive: true });
    const pages = [
      ['status', ''],
      ['incident', `incidents/${INCIDENT}/`],
      ['maintenance', 'maintenance/mnt-2026-11-26-payments/'],
      ['history', 'history/'],
      ['month', 'history/2026-11/'],
    ];
    for (const [lang, prefix] of [['en', ''], ['zh', 'zh-CN/']]) {
      for (const scheme of ['light', 'dark']) {
        for (const [name, at] of pages) {
          const { context, page, errors } = await openPage(env.browser, { viewport: { width: 390, height: 844 }, colorScheme: scheme, locale: lang === 'zh' ? 'zh-CN' : 'en-GB' });
          // The page asked for, not the one a first visit would be sent to.
          await context.addInitScript((tag) => localStorage.setItem('herald:site-language', tag), lang === 'zh' ? 'zh-CN' : 'en');
          await page.goto(`${env.nginx.url}${prefix}${at}`);
          await page.locator('main').waitFor(WAIT);
          assert.equal(await page.locator('html').getAttribute('lang'), lang === 'zh' ? 'zh-CN' : 'en', `${name} ${lang}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `${name} (${lang}, ${scheme}) is ${overflow} px wider than the phone`);
          await page.addScriptTag({ content: AXE });
          const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
            .map((v) => `${v.id}: ${v.nodes[0]?.target} ${v.nodes[0]?.failureSummary ?? ''}`));
          assert.deepEqual(violations, [], `axe on ${name} (${lang}, ${scheme})`);
          await page.screenshot({ path: path.join(shots, `${name}-${lang}-${scheme}-390.png`), fullPage: true });
          assert.deepEqual(errors, []);
          await context.close();
        }
      }
    }
    const badges = await Promise.all(['badge.svg', 'zh-CN/badge.svg'].map(async (b) => (await fetch(new URL(b, env.nginx.url))).text()));
    writeFileSync(path.join(shots, 'badge-en.svg'), badges[0]);
    writeFileSync(path.join(shots, 'badge-zh.svg'), badges[1]);
  });

  test('the badge, summary.json and the Atom feed are served with their types', async () => {
    const badge = await fetch(new URL('badge.svg', env.nginx.url));
    assert.equal(badge.status, 200);
    assert.match(badge.headers.get('content-type'), /^image\/svg\+xml/);
    const svg = await badge.text();
    assert.match(svg, /height="20" role="img"/);
    assert.match(svg, /<title>status: [a-z ]+<\/title>/);
    const summary = await fetch(new URL('api/v2/summary.json', env.nginx.url));
    assert.equal(summary.headers.get('access-control-allow-origin'), '*');
    const document = await summary.json();
    const incident = document.incidents.find((i) => i.id === INCIDENT);
    assert.ok(incident.incident_updates.some((u) => u.body.includes(TEXT)));
    assert.match(incident.shortlink ?? '', /\/incidents\/inc-2026-11-20-flash-sale-orders\/$/);
    const atom = await fetch(new URL('history.en.atom', env.nginx.url));
    assert.match(atom.headers.get('content-type'), /atom\+xml/);
    assert.ok((await atom.text()).includes(TEXT));
    const asset = (await (await fetch(env.nginx.url)).text()).match(/src="(assets\/site\.[0-9a-f]+\.js)"/)[1];
    const script = await fetch(new URL(asset, env.nginx.url));
    assert.match(script.headers.get('cache-control'), /immutable/);
  });

  test("the README's iframe snippet fits the widget it embeds, on a phone and a desktop", async () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const snippet = readme.match(/<iframe src="https:\/\/status\.example\.com\/[^]*?<\/iframe>/)[0]
      .replace('https://status.example.com/', env.nginx.url);
    const host = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title></head><body><h1>Shop</h1>${snippet}</body></html>`);
    });
    await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
        const { context, page, errors } = await openPage(env.browser, { viewport });
        await page.goto(`http://127.0.0.1:${host.address().port}/`);
        const frame = page.frameLocator('iframe');
        await frame.locator('herald-status').waitFor(WAIT);
        const inner = page.frames().find((f) => f !== page.mainFrame());
        await inner.waitForFunction(() => /\d/.test(document.querySelector('herald-status')?.shadowRoot?.textContent ?? ''), null, WAIT);
        const { needed, given } = await inner.evaluate(() => ({ needed: Math.ceil(document.querySelector('herald-status').getBoundingClientRect().bottom), given: window.innerHeight }));
        console.log(`iframe at ${viewport.width} px: the widget needs ${needed} px of ${given}`);
        assert.ok(needed <= given, `the widget needs ${needed} px in a ${given} px iframe at ${viewport.width} px`);
        await page.screenshot({ path: path.join(artifacts, `site-iframe-${viewport.width}.png`) });
        assert.deepEqual(errors, []);
        await context.close();
      }
    } finally {
      host.close();
    }
  });

  test('the widget embedded in a shop page reads the site from nginx', async () => {
    const host = await startHost(env.nginx.url);
    try {
      const { context, page, errors } = await openPage(env.browser);
      await page.goto(`http://127.0.0.1:${host.address().port}/`);
      await page.waitForFunction(() => /Monitoring|Major System Outage|Operational/.test(document.querySelector('herald-status')?.shadowRoot?.textContent ?? ''), null, WAIT);
      const widget = await page.locator('herald-status').evaluate((w) => w.shadowRoot.textContent);
      assert.ok(!/Status unavailable/.test(widget), widget);
      // How old the latest update is (published moments ago in this test).
      assert.match(widget, /Updated (just now|\d+ minutes? ago)/, widget);
      await page.screenshot({ path: path.join(artifacts, 'site-nginx-widget.png') });
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      host.close();
    }
  });
});

describe('the console says what customers see', { timeout: 120_000 }, () => {
  test('live after a publish, and loudly when the status page cannot be published', async () => {
    const browser = await launchBrowser();
    const healthy = await startServer();
    try {
      const { context, page, errors } = await openConsole(browser, healthy);
      await page.getByTestId('holding-update').click();
      await page.getByTestId('holding-confirm-publish').click();
      await waitSent(page, 1);
      const { version } = await siteLive(healthy.url);
      const line = page.getByTestId('site-status');
      await page.waitForFunction((v) => document.querySelector('[data-testid=site-status]')?.textContent.includes(`version ${v}`), version, WAIT);
      assert.match(await line.getAttribute('class'), /live/);
      // In the page's zone (Berlin in the demo), named as every other time in the console is.
      const said = await line.textContent();
      assert.match(said, /\b(CET|CEST)\b/, said);
      assert.doesNotMatch(said, /\bUTC\b/, said);
      assert.equal(await page.getByTestId('site-link').getAttribute('href'), '/status/');
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await healthy.stop();
    }
    // A file where the site folder should be: every publish fails, and the lead is told.
    const blocked = path.join(mkdtempSync(path.join(artifacts, 'blocked-')), 'site');
    writeFileSync(blocked, 'not a folder');
    const failing = await startServer({ env: { HERALD_SITE_DIR: blocked } });
    try {
      for (const [locale, words] of [['en-GB', /The status page has never been published \(writing the site to/], ['zh-CN', /状态页面从未发布成功/]]) {
        const { context, page, errors } = await openPage(browser, { locale, viewport: { width: 390, height: 844 } });
        await context.addInitScript((tag) => localStorage.setItem('herald:locale', tag), locale === 'zh-CN' ? 'zh-CN' : 'en');
        await page.goto(`${failing.url}console/`);
        const line = page.getByTestId('site-status');
        await line.waitFor(WAIT);
        await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid=site-status]')?.textContent ?? ''), words.source, WAIT);
        assert.match(await line.getAttribute('class'), /failing/);
        await page.screenshot({ path: path.join(artifacts, `site-console-failing-${locale.slice(0, 2)}.png`) });
        assert.deepEqual(errors, []);
        await context.close();
      }
    } finally {
      await failing.stop();
      await browser.close();
    }
  });
});

const S3S_FS = process.env.HERALD_S3S_FS ?? path.join(process.env.HOME ?? '', '.cache/herald-tools/s3s/bin/s3s-fs');
const ACCESS = 'herald-e2e-access';
const SECRET = 'herald-e2e-secret-key-0123456789';
const BUCKET = 'status-site';

/** AWS Signature V4 headers for a GET of `key` from the store at `origin` (unsigned payload). */
function signedHeaders(origin, key) {
  const now = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = now.slice(0, 8);
  const host = new URL(origin).host;
  const uri = `/${BUCKET}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const signed = 'host;x-amz-content-sha256;x-amz-date';
  const canonical = ['GET', uri, '', `host:${host}\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:${now}\n`, signed, 'UNSIGNED-PAYLOAD'].join('\n');
  const scope = `${day}/us-east-1/s3/aws4_request`;
  const hash = (data) => createHash('sha256').update(data).digest('hex');
  const hmac = (k, data) => createHmac('sha256', k).update(data).digest();
  const toSign = ['AWS4-HMAC-SHA256', now, scope, hash(canonical)].join('\n');
  const signingKey = ['us-east-1', 's3', 'aws4_request'].reduce((k, part) => hmac(k, part), hmac(`AWS4${SECRET}`, day));
  const signature = createHmac('sha256', signingKey).update(toSign).digest('hex');
  return {
    uri,
    headers: {
      'x-amz-date': now,
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS}/${scope}, SignedHeaders=${signed}, Signature=${signature}`,
    },
  };
}

/**
 * A CDN in front of the bucket, as CloudFront's origin access control is: it signs each
 * request to the store with the bucket's credentials and serves `index.html` for a folder.
 * Browsers never see the store's credentials; the store checks every signature.
 */
function startCdn(origin) {
  const cdn = createServer(async (request, response) => {
    let key = decodeURIComponent(new URL(request.url, 'http://cdn').pathname.slice(1));
    if (key === '' || key.endsWith('/')) key += 'index.html';
    const { uri, headers } = signedHeaders(origin, key);
    const answer = await fetch(`${origin}${uri}`, { headers }).catch((error) => ({ status: 502, error }));
    if (!answer.ok) {
      response.writeHead(answer.status === 403 ? 403 : answer.status || 502);
      response.end(`the bucket answered ${answer.status}`);
      return;
    }
    const passed = { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' };
    if (answer.headers.get('cache-control')) passed['cache-control'] = answer.headers.get('cache-control');
    if (key.startsWith('api/')) passed['access-control-allow-origin'] = '*';
    response.writeHead(200, passed);
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  return new Promise((resolve) => cdn.listen(0, '127.0.0.1', () => resolve(cdn)));
}

describe('the public site from an S3-compatible bucket, without herald-server', { timeout: 180_000 }, () => {
  const env = {};
  const TEXT = `Uploaded before the outage ${Date.now()}: checkout works again.`;
  before(async () => {
    const root = mkdtempSync(path.join(artifacts, 's3-'));
    mkdirSync(path.join(root, BUCKET));
    const port = await freePort();
    env.store = spawn(S3S_FS, ['--host', '127.0.0.1', '--port', String(port), '--access-key', ACCESS, '--secret-key', SECRET, root], { stdio: 'ignore' });
    const origin = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i += 1) {
      try { await fetch(origin); break; } catch { await new Promise((resolve) => setTimeout(resolve, 100)); }
    }
    const server = await startServer({ env: {
      HERALD_S3_BUCKET: BUCKET, HERALD_S3_ENDPOINT: origin, HERALD_S3_REGION: 'us-east-1',
      HERALD_S3_ACCESS_KEY_ID: ACCESS, HERALD_S3_SECRET_ACCESS_KEY: SECRET,
    } });
    env.server = server;
    await postUpdate(server.url, INCIDENT, { audience: 'public', status: 'monitoring', author: 'Amara Okafor', text: TEXT });
    let health = null;
    for (let i = 0; i < 150; i += 1) {
      health = await (await fetch(new URL('/healthz', server.url))).json();
      if (health.site?.bucket?.live_version === health.version) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(health.site.bucket.live_version, health.version, JSON.stringify(health));
    await server.stop();
    // Control: the store refuses a read without a signature.
    assert.equal((await fetch(`${origin}/${BUCKET}/index.html`)).ok, false, 'the store checks signatures');
    env.cdn = await startCdn(origin);
    env.url = `http://127.0.0.1:${env.cdn.address().port}/`;
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    env.cdn?.close();
    env.store?.kill('SIGTERM');
    await env.server?.stop();
  });

  test('the status page, an incident page, the badge, summary.json and the widget load from the bucket', async () => {
    const { context, page, errors } = await openPage(env.browser, { viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    await page.goto(env.url);
    await page.getByTestId('public-incident-title').first().waitFor(WAIT);
    assert.ok((await page.locator('main').innerText()).includes(TEXT));
    await page.screenshot({ path: path.join(artifacts, 'site-s3-status.png'), fullPage: true });
    await page.goto(`${env.url}incidents/${INCIDENT}/`);
    assert.ok((await page.locator('main').innerText()).includes(TEXT));
    const badge = await fetch(`${env.url}badge.svg`);
    assert.match(badge.headers.get('content-type'), /^image\/svg\+xml/);
    assert.match(await badge.text(), /role="img"/);
    const summary = await fetch(`${env.url}api/v2/summary.json`);
    assert.match(summary.headers.get('cache-control'), /stale-if-error/);
    assert.ok(JSON.stringify(await summary.json()).includes(TEXT));
    const host = await startHost(env.url);
    try {
      await page.goto(`http://127.0.0.1:${host.address().port}/`);
      await page.waitForFunction(() => /Major System Outage|Operational/.test(document.querySelector('herald-status')?.shadowRoot?.textContent ?? ''), null, WAIT);
    } finally {
      host.close();
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
});
