// The whole pipe: herald-server with a fresh database serves the release bundle and the feed;
// headless Chromium loads the app and shows the seeded demo incident.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { artifacts, openPage, serverAndBrowser } from './harness.mjs';

const TITLE = 'Orders failing during the Black Friday flash sale';
const WAIT = { timeout: 15_000 };

describe('Herald app against the real server', { timeout: 120_000 }, () => {
  const env = serverAndBrowser();

  test('shows the demo incident title, status and latest public update', async () => {
    const { context, page, errors } = await openPage(env.browser);
    await page.goto(env.server.url);
    await page.getByTestId('incident-title').filter({ hasText: TITLE }).waitFor(WAIT);

    assert.equal(await page.getByTestId('page-name').textContent(), 'Larkspur Market');
    assert.equal(await page.getByTestId('incident-status').textContent(), 'Monitoring');
    const latest = await page.getByTestId('latest-public-update').textContent();
    assert.match(latest, /Orders are going through again/);
    assert.match(await page.getByTestId('sync-ok').textContent(), /^Live · (up to date|no news for \d+ (s|min))$/);

    // The internal view shows responders' notes, told apart from public updates at a glance.
    const internal = page.locator('[data-testid=timeline-entry][data-audience=internal]');
    assert.ok(await internal.count() > 0);
    assert.match(await internal.first().textContent(), /Internal/);

    await page.screenshot({ path: path.join(artifacts, 'app.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(artifacts, 'app-dark.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a switch of language renames every incident in the timeline, rows already drawn included', async () => {
    const { context, page, errors } = await openPage(env.browser);
    await page.goto(env.server.url);
    const names = page.locator('[data-testid=timeline-entry] .entry-incident');
    await names.filter({ hasText: TITLE }).first().waitFor(WAIT);
    await page.getByTestId('locale-switch').click();
    await names.filter({ hasText: '黑色星期五限时特卖期间订单失败' }).first().waitFor(WAIT);
    assert.equal(await names.filter({ hasText: TITLE }).count(), 0, 'no row keeps the English title');
    // A filter change afterwards redraws rows, and they too are in the reader's language.
    await page.getByTestId('filter-audience').selectOption('public');
    await page.getByTestId('filter-audience').selectOption('all');
    assert.equal(await names.filter({ hasText: TITLE }).count(), 0, 'nor after a filter change');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("a resolved incident's link to its updates lands on the timeline, filtered to it, on a phone", async () => {
    const { context, page, errors } = await openPage(env.browser, { viewport: { width: 390, height: 844 } });
    await page.goto(env.server.url);
    await page.getByTestId('resolved-incidents').locator('summary').click(WAIT);
    await Promise.all([page.waitForURL(/[?]incident=.+#timeline$/, WAIT), page.getByTestId('resolved-link').first().click()]);
    await page.getByTestId('timeline-entry').first().waitFor(WAIT);
    const chosen = await page.getByTestId('filter-incident').inputValue();
    assert.ok(chosen.length > 0, 'the timeline is filtered to the incident');
    // The jump waits for the first feed; give it a few frames, bounded.
    let top = Infinity;
    for (let i = 0; i < 50 && Math.abs(top) > 5; i += 1) {
      top = await page.evaluate(() => document.getElementById('timeline').getBoundingClientRect().top);
      if (Math.abs(top) > 5) await page.waitForTimeout(100);
    }
    assert.ok(Math.abs(top) <= 5, `the timeline is at the top of the screen, not ${top} px away`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('says it is loading while the feed is on its way', async () => {
    const { context, page, errors } = await openPage(env.browser);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/api/v1/feed', async (route) => { await held; await route.continue(); });
    await page.goto(env.server.url);
    await page.getByTestId('sync-loading').waitFor(WAIT);
    assert.match(await page.getByTestId('sync-loading').textContent(), /Loading the incident feed/);
    release();
    await page.getByTestId('incident-title').waitFor(WAIT);
    assert.equal(await page.getByTestId('sync-loading').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  const failures = [
    { name: 'an HTTP 500', reply: { status: 500, body: 'boom' }, expect: /HTTP 500/ },
    { name: 'malformed JSON', reply: { status: 200, contentType: 'application/json', body: '{"schema": "1.0", "vers' }, expect: /not valid JSON/ },
    { name: 'a newer schema', reply: { status: 200, contentType: 'application/json', body: '{"schema": "2.0"}' }, expect: /schema 2\.0.*update Herald/ },
    { name: 'an HTML page', reply: { status: 200, contentType: 'text/html', body: '<html><body>Login</body></html>' }, expect: /not valid JSON/ },
  ];
  for (const failure of failures) {
    test(`says why when the first load gets ${failure.name}, and shows no incident list`, async () => {
      const { context, page, errors } = await openPage(env.browser);
      await page.route('**/api/v1/feed', (route) => route.fulfill(failure.reply));
      await page.goto(env.server.url);
      const banner = page.getByTestId('sync-error');
      await banner.waitFor(WAIT);
      assert.match(await banner.textContent(), failure.expect);
      assert.equal(await page.getByTestId('all-clear').count(), 0, 'a failure never looks like all-clear');
      assert.equal(await page.getByTestId('components').count(), 0);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('keeps the last good feed marked stale when the endpoint fails, and recovers by itself', async () => {
    const { context, page, errors } = await openPage(env.browser);
    await page.clock.install();
    await page.goto(env.server.url);
    await page.getByTestId('incident-title').waitFor(WAIT);

    await page.route('**/api/v1/feed', (route) => route.fulfill({ status: 503, body: 'down' }));
    await page.clock.runFor(16_000);
    const stale = page.getByTestId('sync-stale');
    await stale.waitFor(WAIT);
    assert.match(await stale.textContent(), /HTTP 503/);
    assert.equal(await page.getByTestId('incident-title').textContent(), TITLE, 'last good state stays');
    await page.screenshot({ path: path.join(artifacts, 'app-stale.png'), fullPage: true });

    await page.unroute('**/api/v1/feed');
    await page.clock.runFor(16_000);
    await page.getByTestId('sync-ok').waitFor(WAIT);
    assert.equal(await page.getByTestId('sync-stale').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
