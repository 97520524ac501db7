// What customers, stakeholders and support staff see: the public status page, the embeddable
// widget (under a strict CSP, in a hostile host page), and the support kit. None of them may
// ever show internal text; each passes axe-core in both themes.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { artifacts, openPage, postUpdate, root, serverAndBrowser, siteLive } from './harness.mjs';

const INCIDENT = 'inc-2026-11-20-flash-sale-orders';
const WAIT = { timeout: 15_000 };
const AXE = readFileSync(path.join(root, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');
const SECRET = `INTERNAL-${Date.now()}: db-7 replica lag, do not share`;

/** Runs axe-core in the page; resolves with the violations (rule id and a node). */
async function axe(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes[0]?.target} ${v.nodes[0]?.failureSummary ?? ''}`);
}

/** A host page on another loopback origin, with a strict CSP and hostile global styles. */
function startHost(heraldUrl, summaryUrl) {
  const herald = new URL(heraldUrl).origin;
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>Host</title>
<style>* { font-family: serif !important; color: red !important; background: yellow !important; }
div { border: 5px solid lime !important; padding: 40px !important; } p { margin: 80px !important; }</style></head>
<body><h1 id="host-title">Shop</h1><div id="before">before</div>
<herald-status id="w1" source="${summaryUrl}" mode="full" lang="en"></herald-status>
<herald-status id="w2" source="${summaryUrl}" components="Payments" theme="dark"></herald-status>
<div id="after">after</div>
<script async src="${herald}/widget/herald-status.js"></script></body></html>`;
  const csp = `default-src 'none'; script-src ${herald}; connect-src ${herald} ${new URL(summaryUrl).origin}; style-src 'unsafe-inline'; img-src 'none'`;
  const server = createServer((request, response) => {
    if (request.url.startsWith('/statuspage/summary.json')) {
      response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      response.end(readFileSync(path.join(root, 'domain/tests/fixtures/statuspage/sendgrid-summary-2023-10-11.json')));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp });
    response.end(page);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('public page, widget and support kit', { timeout: 240_000 }, () => {
  const env = serverAndBrowser();

  before(async () => {
    await postUpdate(env.server.url, INCIDENT, {
      audience: 'public', status: 'identified', author: 'Amara Okafor',
      text: 'Published for everyone: payments are slow, and we are sorry. Next update at 11:30.',
    });
    await postUpdate(env.server.url, INCIDENT, { audience: 'internal', status: 'identified', author: 'Jonas Weber', text: SECRET });
  });

  test('the public status page shows the published update, never the internal note, and passes axe', async () => {
    for (const [locale, scheme] of [['en-GB', 'light'], ['en-GB', 'dark'], ['zh-CN', 'light'], ['zh-CN', 'dark']]) {
      const { context, page, errors } = await openPage(env.browser, { locale, colorScheme: scheme });
      await siteLive(env.server.url);
      await page.goto(`${env.server.url}status/`);
      await page.getByTestId('public-incident').first().waitFor(WAIT);
      const body = await page.locator('body').textContent();
      assert.match(body, /Published for everyone: payments are slow/);
      assert.doesNotMatch(body, /INTERNAL-|db-7 replica/, 'no internal note');
      assert.equal(await page.getByTestId('overall-status').count(), 1);
      assert.ok(await page.locator('[data-testid=public-components] .component').count() > 0);
      await page.getByTestId('history-incident').first().waitFor(WAIT);
      // The Atom feed in the reader's language.
      const atom = locale === 'en-GB' ? '/status/history.en.atom' : '/status/history.zh-CN.atom';
      assert.equal(new URL(await page.getByTestId('atom-link').getAttribute('href'), page.url()).pathname, atom);
      assert.deepEqual(await axe(page), [], `axe, ${locale} ${scheme}`);
      await page.screenshot({ path: path.join(artifacts, `status-${locale.slice(0, 2)}-${scheme}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  test('the theme can be chosen and is remembered', async () => {
    const { context, page, errors } = await openPage(env.browser, { colorScheme: 'light' });
    await siteLive(env.server.url);
    await page.goto(`${env.server.url}status/`);
    await page.getByTestId('theme-select').selectOption('dark');
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    await page.reload();
    await page.getByTestId('public-incident').first().waitFor(WAIT);
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the widget renders under a strict CSP in a hostile host page and leaves the host alone', async () => {
    const summary = new URL('/api/v2/summary.json', env.server.url).href;
    const host = await startHost(env.server.url, summary);
    // A host left listening after a failed assertion would keep this file from ever exiting.
    try {
    const hostUrl = `http://127.0.0.1:${host.address().port}/`;
    const { context, page, errors } = await openPage(env.browser);
    const cspViolations = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
    // What the host pays for the widget: its script and the status document, as transferred.
    const paid = [];
    page.on('requestfinished', async (request) => {
      if (/herald-status\.js|summary\.json/.test(request.url())) {
        const sizes = await request.sizes();
        paid.push({ url: request.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize });
      }
    });
    // The host's layout without the widget, for comparison.
    await page.goto(hostUrl);
    const text = (id) => page.locator(`#${id}`).evaluate((e) => e.shadowRoot.textContent);
    await page.waitForFunction(() => document.querySelector('#w1')?.shadowRoot?.textContent.includes('Published for everyone'), null, WAIT);
    assert.match(await text('w1'), /Checkout and orders/, 'full mode lists components');
    assert.doesNotMatch(await text('w1'), /INTERNAL-/);
    assert.match(await text('w2'), /Payments/i);
    // The host's styles stay out of the widget, and the widget's styles stay out of the host.
    const inside = await page.locator('#w1').evaluate((e) => {
      const box = e.shadowRoot.querySelector('.w');
      const style = getComputedStyle(box);
      return { color: style.color, background: style.backgroundColor, font: style.fontFamily };
    });
    assert.notEqual(inside.color, 'rgb(255, 0, 0)');
    assert.notEqual(inside.background, 'rgb(255, 255, 0)');
    assert.doesNotMatch(inside.font, /^serif$/);
    const hostTitle = await page.locator('#host-title').evaluate((e) => getComputedStyle(e).color);
    assert.equal(hostTitle, 'rgb(255, 0, 0)', 'host styles still apply to the host');
    assert.deepEqual(cspViolations, [], 'nothing the CSP blocks');
    // Budget: one script and one status document per widget source, compressed, before the
    // widget shows anything (the two widgets here share the script and the document's cache).
    await page.waitForTimeout(200);
    const script = paid.filter((p) => p.url.includes('herald-status.js'));
    const documents = paid.filter((p) => p.url.includes('summary.json'));
    assert.equal(script.length, 1, 'the script is fetched once');
    const firstRender = script[0].bytes + documents[0].bytes;
    const total = paid.reduce((sum, p) => sum + p.bytes, 0);
    console.log(`widget bytes before it shows: ${firstRender} (script ${script[0].bytes}, status ${documents[0].bytes}); in total for two widgets: ${total}`);
    // 8,400 since the widget says how old the news is and reads Statuspage's HTML as text
    // (issue 18): 8,120 bytes measured then, 7,972 before.
    assert.ok(firstRender <= 8_400, `the widget costs ${firstRender} bytes before it shows`);
    assert.ok(total <= 12_000, `the widget costs ${total} bytes in total`);
    await page.screenshot({ path: path.join(artifacts, 'widget-host.png'), fullPage: true });
    // Layout: the host's elements keep their order and the widget does not overlap them.
    const boxes = await page.evaluate(() => ['before', 'w1', 'after'].map((id) => document.getElementById(id).getBoundingClientRect().top));
    assert.ok(boxes[0] < boxes[1] && boxes[1] < boxes[2], `order ${boxes}`);
    assert.deepEqual(errors, []);
    await context.close();
    } finally {
      host.close();
    }
  });

  test('the widget reads a Statuspage summary.json served from loopback, and a dead source is a quiet "unavailable"', async () => {
    const host = await startHost(env.server.url, 'http://127.0.0.1:1/none.json');
    try {
    const port = host.address().port;
    const statuspage = `http://127.0.0.1:${port}/statuspage/summary.json`;
    const { context, page, errors } = await openPage(env.browser);
    await page.goto(`${env.server.url}widget/?source=${encodeURIComponent(statuspage)}&mode=full`);
    await page.waitForFunction(() => document.querySelector('herald-status')?.shadowRoot?.textContent.includes('Login issues'), null, WAIT);
    const shown = await page.locator('herald-status').evaluate((e) => e.shadowRoot.textContent);
    assert.match(shown, /Minor Service Outage|Partial outage/);
    assert.match(shown, /Mail Sending|API v3/);
    await page.screenshot({ path: path.join(artifacts, 'widget-statuspage.png') });

    const dead = await openPage(env.browser);
    await dead.page.goto(`http://127.0.0.1:${port}/`);
    await dead.page.waitForFunction(() => document.querySelector('#w1')?.shadowRoot?.textContent.includes('Status unavailable'), null, WAIT);
    assert.deepEqual(dead.errors.filter((e) => !/Failed to load|ERR_/.test(e)), [], 'no error thrown into the host');
    assert.deepEqual(errors, []);
    await context.close();
    await dead.context.close();
    } finally {
      host.close();
    }
  });

  test('the support kit shows the public wording and replies, updates live, and copies the right text', async () => {
    const { context, page, errors } = await openPage(env.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(`${env.server.url}support/`);
    await page.getByTestId('support-incident').first().waitFor(WAIT);
    assert.match(await page.getByTestId('current-wording').first().textContent(), /Published for everyone/);
    assert.doesNotMatch(await page.locator('body').textContent(), /INTERNAL-/);
    assert.ok(await page.locator('[data-testid=do-not-say] li').count() >= 5);
    const chat = page.getByTestId('reply-chat').first();
    const expected = await chat.locator('.reply-text').textContent();
    await chat.getByTestId('copy').click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: path.join(artifacts, 'support-en.png'), fullPage: true });

    // Replies in the customer's language.
    await page.getByTestId('reply-language').selectOption('zh-CN');
    await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.querySelector('[data-testid=reply-chat] .reply-text').textContent));
    await page.screenshot({ path: path.join(artifacts, 'support-zh.png'), fullPage: true });

    // Live: a new public update changes the wording without a reload.
    await postUpdate(env.server.url, INCIDENT, {
      audience: 'public', status: 'monitoring', author: 'Amara Okafor',
      text: 'A fix is in place and we are watching it; we are sorry for the wait. Next update at 12:00.',
    });
    await page.getByTestId('current-wording').first().filter({ hasText: 'A fix is in place' }).waitFor(WAIT);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('accessibility of every page, both themes', { timeout: 240_000 }, () => {
  const env = serverAndBrowser();

  const pages = [
    { name: 'internal feed', path: '', ready: '[data-testid=incident-title]' },
    { name: 'console', path: 'console/', ready: '[data-testid=token-panel]' },
    { name: 'status page', path: 'status/', ready: '[data-testid=public-incident]' },
    { name: 'support kit', path: 'support/', ready: '[data-testid=support-incident]' },
    { name: 'widget (iframe form)', path: 'widget/?mode=full', ready: 'herald-status' },
  ];
  for (const { name, path: at, ready } of pages) {
    for (const scheme of ['light', 'dark']) {
      test(`${name} passes axe-core in the ${scheme} theme`, async () => {
        const { context, page, errors } = await openPage(env.browser, { colorScheme: scheme });
        await page.goto(`${env.server.url}${at}`);
        await page.locator(ready).first().waitFor(WAIT);
        await page.waitForTimeout(300);
        assert.deepEqual(await axe(page), []);
        assert.deepEqual(errors, []);
        await context.close();
      });
    }
  }
});
