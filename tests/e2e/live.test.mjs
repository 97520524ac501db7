// The live internal feed against the real server: updates reach other browsers, failures show
// plainly and heal by themselves, "since you last looked" survives a reload, both languages.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { artifacts, openPage, postUpdate, serverAndBrowser, startServer } from './harness.mjs';

const INCIDENT = 'inc-2026-11-20-flash-sale-orders';
const WAIT = { timeout: 15_000 };

const update = (text, audience = 'public') => ({
  audience, status: 'identified', author: 'Amara Okafor', text,
});

/** Waits until a timeline entry with `text` shows; resolves with how long that took. */
async function appears(page, text, timeout = 15_000) {
  const started = Date.now();
  await page.locator('[data-testid=timeline-entry]', { hasText: text }).first().waitFor({ timeout });
  return Date.now() - started;
}

describe('live internal feed', { timeout: 240_000 }, () => {
  const env = serverAndBrowser();

  test('an update posted through the API reaches another browser within 1 s over events', async () => {
    const first = await openPage(env.browser);
    const second = await openPage(env.browser);
    for (const { page } of [first, second]) {
      await page.goto(env.server.url);
      await page.locator('[data-testid=sync-ok].live').waitFor(WAIT);
    }
    const text = `Live check ${Date.now()}: payments are fully recovered.`;
    const started = Date.now();
    await postUpdate(env.server.url, INCIDENT, update(text));
    await second.page.locator('[data-testid=timeline-entry]', { hasText: text }).first().waitFor({ timeout: 1_000 });
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1_000, `took ${elapsed} ms`);
    // The live region tells screen-reader users.
    assert.match(await second.page.getByTestId('live-region').textContent(), /New public update/);
    assert.deepEqual([...first.errors, ...second.errors], []);
    await first.context.close();
    await second.context.close();
  });

  test('with events off, an update arrives within one poll interval, and unchanged polls cost a 304', async () => {
    const { context, page, errors } = await openPage(env.browser);
    const statuses = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/v1/feed')) statuses.push(response.status());
    });
    await page.goto(`${env.server.url}?events=off&poll=2`);
    await page.getByTestId('sync-ok').waitFor(WAIT);
    assert.match(await page.getByTestId('sync-ok').textContent(), /Checking every 2 s/);
    await page.waitForTimeout(4_500);
    assert.ok(statuses.filter((s) => s === 304).length >= 1, `statuses ${statuses}`);
    const text = `Polled update ${Date.now()}`;
    await postUpdate(env.server.url, INCIDENT, update(text, 'internal'));
    const elapsed = await appears(page, text, 4_000);
    assert.ok(elapsed <= 3_000, `took ${elapsed} ms with a 2 s poll`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('with the server stopped the last good state stays, marked stale; it recovers without a reload', async () => {
    const { context, page, errors } = await openPage(env.browser);
    await page.goto(env.server.url);
    await page.locator('[data-testid=sync-ok].live').waitFor(WAIT);
    const titles = await page.getByTestId('incident-title').allTextContents();

    const { db, bind } = env.server;
    await env.server.stop();
    const stale = page.getByTestId('sync-stale');
    await stale.waitFor(WAIT);
    const banner = await stale.textContent();
    assert.match(banner, /cannot be reached|did not answer/);
    assert.match(banner, /last synced at .* \(/);
    assert.match(banner, /Next try in|Trying again now/);
    assert.deepEqual(await page.getByTestId('incident-title').allTextContents(), titles, 'last good state stays');
    await page.screenshot({ path: path.join(artifacts, 'live-stale.png'), fullPage: true });

    env.server = await startServer({ db, bind });
    await page.locator('[data-testid=sync-ok].live').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('sync-stale').count(), 0);
    const text = `After the restart ${Date.now()}`;
    await postUpdate(env.server.url, INCIDENT, update(text));
    await appears(page, text, 5_000);
    assert.deepEqual(errors.filter((e) => !/EventSource|ERR_CONNECTION_REFUSED/.test(e)), []);
    await context.close();
  });

  const bad = [
    { name: 'an HTTP 502', reply: { status: 502, body: 'bad gateway' }, expect: /HTTP 502/ },
    { name: 'truncated JSON', reply: { status: 200, contentType: 'application/json', body: '{"schema":"1.0","version":99,"page":{"na' }, expect: /not valid JSON/ },
    { name: 'an unsupported schema', reply: { status: 200, contentType: 'application/json', body: '{"schema":"3.1","version":1}' }, expect: /schema 3\.1/ },
    { name: 'a login page', reply: { status: 200, contentType: 'text/html', body: '<!doctype html><p>Sign in</p>' }, expect: /not valid JSON/ },
  ];
  for (const failure of bad) {
    test(`${failure.name} after a good load keeps the feed and says why`, async () => {
      const { context, page, errors } = await openPage(env.browser);
      await page.goto(`${env.server.url}?events=off&poll=2`);
      await page.getByTestId('incident-title').first().waitFor(WAIT);
      await page.route('**/api/v1/feed', (route) => route.fulfill(failure.reply));
      const stale = page.getByTestId('sync-stale');
      await stale.waitFor(WAIT);
      assert.match(await stale.textContent(), failure.expect);
      assert.ok(await page.getByTestId('incident-title').count() > 0, 'the last good feed stays');
      await page.unroute('**/api/v1/feed');
      await page.getByTestId('sync-ok').waitFor({ timeout: 20_000 });
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('a slow endpoint is abandoned after 10 s and said so', async () => {
    const { context, page, errors } = await openPage(env.browser);
    await page.goto(`${env.server.url}?events=off&poll=2`);
    await page.getByTestId('incident-title').first().waitFor(WAIT);
    await page.route('**/api/v1/feed', () => { /* never answers */ });
    const stale = page.getByTestId('sync-stale');
    await stale.waitFor({ timeout: 20_000 });
    assert.match(await stale.textContent(), /did not answer within 10 s/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('"since you last looked" is remembered across a reload', async () => {
    const { context, page, errors } = await openPage(env.browser);
    await page.goto(env.server.url);
    await page.getByTestId('mark-read').first().waitFor(WAIT);
    await page.getByTestId('mark-read').first().click();
    await page.getByTestId('changed-since').first().filter({ hasText: /Nothing new/ }).waitFor(WAIT);
    assert.equal(await page.getByTestId('new-marker').count(), 0);

    await page.reload();
    await page.getByTestId('incident-title').first().waitFor(WAIT);
    assert.match(await page.getByTestId('changed-since').first().textContent(), /Nothing new/);

    const text = `New since you looked ${Date.now()}`;
    await postUpdate(env.server.url, INCIDENT, update(text, 'internal'));
    await appears(page, text);
    await page.reload();
    await page.getByTestId('incident-title').first().waitFor(WAIT);
    const changed = await page.getByTestId('changed-since').first().textContent();
    assert.match(changed, new RegExp(text));
    assert.equal(await page.getByTestId('new-marker').count(), 1, 'only the new entry is marked');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('filters, keyboard and both languages, light and dark', async () => {
    const { context, page, errors } = await openPage(env.browser, { locale: 'zh-CN' });
    await page.goto(env.server.url);
    await page.getByTestId('incident-title').first().waitFor(WAIT);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.match(await page.getByTestId('incident-status').first().textContent(), /[\u4e00-\u9fff]/);
    await page.screenshot({ path: path.join(artifacts, 'live-zh.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(artifacts, 'live-zh-dark.png'), fullPage: true });

    // Switch to English with the keyboard, and filter the timeline to internal notes.
    await page.getByTestId('locale-switch').focus();
    await page.keyboard.press('Enter');
    await page.getByText('Who is in charge').first().waitFor(WAIT);
    await page.getByTestId('filter-audience').selectOption('internal');
    const audiences = await page.locator('[data-testid=timeline-entry]').evaluateAll(
      (entries) => entries.map((e) => e.dataset.audience),
    );
    assert.ok(audiences.length > 0 && audiences.every((a) => a === 'internal'));
    await page.screenshot({ path: path.join(artifacts, 'live-en-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('filter-audience').selectOption('all');
    await page.screenshot({ path: path.join(artifacts, 'live-en.png'), fullPage: true });

    await page.reload();
    await page.getByText('Who is in charge').first().waitFor(WAIT);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the choice is remembered');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('reads any Statuspage summary.json as a source', async () => {
    const { context, page, errors } = await openPage(env.browser);
    await page.goto(`${env.server.url}?source=${encodeURIComponent('/api/v2/summary.json')}`);
    await page.getByTestId('incident-title').first().waitFor(WAIT);
    assert.equal(await page.getByTestId('page-name').textContent(), 'Larkspur Market');
    assert.equal(
      await page.locator('[data-testid=timeline-entry][data-audience=internal]').count(), 0,
      'a public source has no internal notes',
    );
    assert.match(await page.getByTestId('sync-ok').textContent(), /Checking every 15 s/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
