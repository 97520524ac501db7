// Hostile text through every field Herald shows: update text (public and internal), incident
// titles, authors, role holders, component and page names (seeded), and a Statuspage source.
// On every page and in the widget: no payload runs, no element a payload names appears, and
// the layout holds (nothing wider than the window).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { FORBIDDEN, PAYLOADS } from './fixtures/hostile.mjs';
import { WRITE_TOKEN, artifacts, openPage, root, serverAndBrowser } from './harness.mjs';

const WAIT = { timeout: 20_000 };
const INCIDENT = 'inc-2026-11-20-flash-sale-orders';

async function write(url, method, pathname, body, key) {
  const response = await fetch(new URL(pathname, url), {
    method,
    headers: { authorization: `Bearer ${WRITE_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return response.status;
}

/** Checks a page (and any widget shadow roots) for the three promises; resolves with problems. */
async function inspect(page) {
  return page.evaluate((forbidden) => {
    const problems = [];
    if (window.__pwned) problems.push(`a payload ran (__pwned = ${window.__pwned})`);
    const roots = [document, ...[...document.querySelectorAll('herald-status')].map((e) => e.shadowRoot).filter(Boolean)];
    for (const rootNode of roots) {
      const found = rootNode.querySelectorAll(forbidden);
      for (const el of found) problems.push(`forbidden element: ${el.outerHTML.slice(0, 80)}`);
    }
    const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    if (overflow > 2) {
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 2)
        .slice(-3).map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
      problems.push(`layout: ${overflow}px wider than the window (${wide.join(', ')})`);
    }
    return problems;
  }, FORBIDDEN);
}

describe('hostile text', { timeout: 300_000 }, () => {
  const tried = { updates: 0, titles: 0, holders: 0, seeded: 0, statuspage: 0, refused: 0 };
  const env = serverAndBrowser(() => {
    // Page and component names come from the seed feed.
    const demo = JSON.parse(readFileSync(path.join(root, 'domain/fixtures/demo-feed.json'), 'utf8'));
    demo.page.name = `Larkspur ${PAYLOADS[0][1]}`;
    demo.components.forEach((c, i) => { c.name = `${c.name} ${PAYLOADS[(i * 7) % PAYLOADS.length][1].slice(0, 300)}`; });
    tried.seeded = 1 + demo.components.length;
    const seed = path.join(artifacts, 'hostile-seed.json');
    writeFileSync(seed, JSON.stringify(demo));
    return { seed };
  });

  before(async () => {
    for (const [n, [, payload]] of PAYLOADS.entries()) {
      const audience = n % 2 ? 'internal' : 'public';
      const status = await write(env.server.url, 'POST', `/api/v1/incidents/${INCIDENT}/updates`,
        { audience, status: 'identified', author: payload.slice(0, 100) || 'x', text: payload || 'x' }, `h-u-${n}`);
      if (status === 201) tried.updates += 1; else tried.refused += 1;
      if (n % 5 === 0) {
        const opened = await write(env.server.url, 'POST', '/api/v1/incidents',
          { title: payload.slice(0, 200).trim() || 'x', impact: 'minor', update: { audience: 'public', status: 'investigating', author: 'Comms', text: payload || 'x' } }, `h-i-${n}`);
        if (opened === 201) tried.titles += 1; else tried.refused += 1;
      }
      if (n % 9 === 0) {
        const handed = await write(env.server.url, 'PATCH', `/api/v1/incidents/${INCIDENT}`,
          { roles: [{ role: 'operations_lead', holder: payload.slice(0, 100).trim() || 'x' }] }, `h-r-${n}`);
        if (handed === 200) tried.holders += 1; else tried.refused += 1;
      }
    }
  });

  after(async () => {
    console.log(`hostile payloads: ${PAYLOADS.length} distinct; written as ${tried.updates} updates, ${tried.titles} incident titles, ${tried.holders} role holders, ${tried.seeded} seeded names, ${tried.statuspage} Statuspage fields; ${tried.refused} refused by validation (too long or empty)`);
  });

  const pages = [
    { name: 'internal feed', at: '', ready: '[data-testid=timeline-entry]', more: '[data-testid=show-more]' },
    { name: 'console', at: 'console/', ready: '[data-testid=template-select]' },
    { name: 'status page', at: 'status/', ready: '[data-testid=public-incident]' },
    { name: 'support kit', at: 'support/', ready: '[data-testid=support-incident]' },
    { name: 'widget', at: 'widget/?mode=full', ready: 'herald-status' },
  ];
  for (const { name, at, ready, more } of pages) {
    test(`${name}: nothing runs, nothing injected, layout holds`, async () => {
      const { context, page, errors } = await openPage(env.browser);
      await page.addInitScript(() => { window.__pwned = undefined; window.alert = () => { window.__pwned = 'alert'; }; });
      await page.goto(`${env.server.url}${at}`);
      await page.locator(ready).first().waitFor(WAIT);
      if (name === 'console') {
        await page.getByTestId('token-input').fill(WRITE_TOKEN);
        await page.getByTestId('token-save').click();
        await page.getByTestId('public-text').fill(PAYLOADS.map(([, p]) => p).slice(0, 40).join('\n'));
        await page.getByTestId('internal-note').fill(PAYLOADS[3][1]);
      }
      if (more) {
        for (let i = 0; i < 10 && await page.locator(more).count(); i += 1) await page.locator(more).click();
      }
      await page.waitForTimeout(500);
      assert.deepEqual(await inspect(page), []);
      assert.deepEqual(errors, []);
      await page.screenshot({ path: path.join(artifacts, `hostile-${name.replace(/ /g, '-')}.png`) });
      await context.close();
    });
  }

  // The status page renders Herald's own feed only; the widget reads any Statuspage source.
  test('a hostile Statuspage source in the widget', async () => {
    const doc = JSON.parse(readFileSync(path.join(root, 'domain/tests/fixtures/statuspage/sendgrid-summary-2023-10-11.json'), 'utf8'));
    doc.page.name = PAYLOADS[2][1];
    doc.page.url = `javascript:window.__pwned=1`;
    doc.components.forEach((c, i) => { c.name = PAYLOADS[(i * 3) % PAYLOADS.length][1]; });
    doc.incidents[0].name = PAYLOADS[4][1];
    doc.incidents[0].incident_updates[0].body = PAYLOADS.map(([, p]) => p).slice(0, 60).join('\n\n');
    tried.statuspage = 3 + doc.components.length + 60;
    const source = 'http://127.0.0.1:9/hostile/summary.json';
    for (const at of [`widget/?mode=full&source=${encodeURIComponent(source)}`]) {
      const { context, page, errors } = await openPage(env.browser);
      await page.addInitScript(() => { window.alert = () => { window.__pwned = 'alert'; }; });
      await page.route('http://127.0.0.1:9/**', (route) => route.fulfill({
        status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify(doc),
      }));
      await page.goto(`${env.server.url}${at}`);
      await page.waitForTimeout(1_500);
      assert.deepEqual(await inspect(page), [], at);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});
