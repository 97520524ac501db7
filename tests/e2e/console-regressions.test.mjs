// Regressions found when a whole incident was acted out in the console (issue 19): each test
// names the problem it guards. Real server, real bundle, real Chromium; the only interception
// makes a request invalid so that the real server refuses it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { artifacts, openConsole, openPage, root, serverAndBrowser, waitSent, WRITE_TOKEN } from './harness.mjs';

const AXE = readFileSync(path.join(root, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');

const INCIDENT = 'inc-2026-11-20-flash-sale-orders';
const WAIT = { timeout: 15_000 };

async function blockers(page) {
  return page.locator('[data-testid=publish-blockers] [data-testid=blocker]').evaluateAll(
    (items) => items.map((i) => i.dataset.blocker),
  );
}

async function feedIncident(server, id = INCIDENT) {
  const feed = await (await fetch(new URL('/api/v1/feed', server.url))).json();
  return feed.incidents.find((i) => i.id === id);
}

async function sentCount(page) {
  const line = await page.getByTestId('outbox-sent-summary').count();
  if (line === 0) return 0;
  return Number.parseInt(await page.getByTestId('outbox-sent-summary').textContent(), 10);
}

describe('console regressions (issue 19)', { timeout: 300_000 }, () => {
  const env = serverAndBrowser();

  test('problem 11: without a token or a name, Publish says why, and the token is checked on entry', async () => {
    const { context, page, errors } = await openConsole(env.browser, env.server, { token: 'not-the-token-not-the-token-x', author: '' });
    const status = page.getByTestId('token-status');
    assert.equal(await status.getAttribute('data-state'), 'refused');
    assert.match(await status.textContent(), /not valid for this server/);
    assert.match(await page.getByTestId('token-hint').textContent(), /HERALD_WRITE_TOKEN/);
    await page.getByTestId('template-select').selectOption('holding');
    assert.equal(await page.getByTestId('publish').isDisabled(), true);
    assert.deepEqual(await blockers(page), ['no-author', 'no-token']);
    assert.match(await page.getByTestId('hand-over-blocked').textContent(), /write token/);
    await page.screenshot({ path: path.join(artifacts, 'console-blocked.png'), fullPage: true });
    await page.getByTestId('token-input').fill(WRITE_TOKEN);
    await page.getByTestId('token-save').click();
    await page.locator('[data-testid=token-status][data-state=valid]').waitFor(WAIT);
    await page.getByTestId('author-input').fill('Amara Okafor');
    await page.getByTestId('author-save').click();
    assert.deepEqual(await blockers(page), []);
    assert.deepEqual(errors.filter((e) => !/403/.test(e)), []);
    await context.close();
  });

  test('problem 5: a refused write comes back into the draft with the reason, and can be sent again', async () => {
    const { context, page, errors } = await openConsole(env.browser, env.server);
    await page.getByTestId('template-select').selectOption('holding');
    const text = await page.getByTestId('public-text').inputValue();
    // The length limit is shown while typing and enforced before sending.
    await page.getByTestId('public-text').fill('x'.repeat(20_001));
    assert.equal(await page.getByTestId('text-length').getAttribute('data-over'), 'true');
    assert.ok((await blockers(page)).includes('too-long'));
    await page.getByTestId('public-text').fill(text);
    // Make the real server refuse the next publish: its text goes over the limit on the way.
    const refuse = async (route) => {
      const body = JSON.parse(route.request().postData());
      body.text += ' '.repeat(20_001);
      await route.continue({ postData: JSON.stringify(body) });
    };
    await page.route('**/api/v1/incidents/*/updates', refuse);
    await page.getByTestId('publish').click();
    const refusal = page.getByTestId('refusal');
    await refusal.waitFor(WAIT);
    assert.match(await refusal.textContent(), /longer than 20000 characters/);
    assert.equal(await page.getByTestId('public-text').inputValue(), text, 'the words are back');
    await page.unroute('**/api/v1/incidents/*/updates', refuse);
    await page.getByTestId('publish').click();
    await page.waitForFunction((t) => document.querySelector('[data-testid=public-text]').value !== t, text, WAIT);
    await waitSent(page, 1);
    const incident = await feedIncident(env.server);
    assert.equal(incident.updates.filter((u) => u.text === text).length, 1, 'sent once, after the fix');
    assert.deepEqual(errors.filter((e) => !/422/.test(e)), []);
    await context.close();
  });

  test('problem 5: a write refused for its token is held with the reason, and goes out when the token is entered again', async () => {
    const { context, page, errors } = await openConsole(env.browser, env.server);
    await page.getByTestId('template-select').selectOption('holding');
    // Its own words, so the update can be told from the holding updates of other tests.
    const text = `${await page.getByTestId('public-text').inputValue()} Thank you for bearing with us (${Date.now()}).`;
    await page.getByTestId('public-text').fill(text);
    // The server refuses the token this once (rotated, say), then takes it back.
    const wrongToken = async (route) => {
      await route.continue({ headers: { ...route.request().headers(), authorization: 'Bearer rotated-away-rotated-away-rotated-away' } });
    };
    await page.route('**/api/v1/incidents/*/updates', wrongToken);
    await page.getByTestId('publish').click();
    const held = page.getByTestId('outbox-held');
    await held.waitFor(WAIT);
    assert.match(await held.textContent(), /write token the server accepts/);
    const queued = await page.locator('[data-testid=outbox-item][data-state=queued]').allTextContents();
    assert.ok(queued.some((q) => /Public update/.test(q)), `held, not lost: ${queued}`);
    console.log(`held for the token: ${queued.join(' | ')}`);
    await page.unroute('**/api/v1/incidents/*/updates', wrongToken);
    // The same token, entered again: the lead says the cause is fixed.
    await page.getByTestId('token-input').fill(WRITE_TOKEN);
    await page.getByTestId('token-save').click();
    await waitSent(page, queued.length);
    assert.equal(await held.count(), 0);
    assert.equal(await page.locator('[data-testid=outbox-item][data-state=queued]').count(), 0, 'nothing left held');
    const incident = await feedIncident(env.server);
    assert.equal(incident.updates.filter((u) => u.text === text).length, 1, 'sent once');
    assert.deepEqual(errors.filter((e) => !/40[13]/.test(e)), []);
    await context.close();
  });

  test('problem 12: sent writes fold into one line; problem 11: hand-over is confirmed and can be undone', async () => {
    const { context, page, errors } = await openConsole(env.browser, env.server);
    const before = (await feedIncident(env.server)).roles.filter((r) => r.role === 'operations_lead').at(-1).holder;
    await page.getByTestId('role-operations_lead').fill('Mei Chen');
    await page.getByTestId('role-operations_lead').press('Enter');
    assert.match(await page.getByTestId('hand-over-question').textContent(), new RegExp(`from ${before} to Mei Chen`));
    await page.getByTestId('hand-over-cancel').click();
    assert.equal(await page.getByTestId('hand-over-question').count(), 0);
    await page.getByTestId('role-operations_lead').fill('Mei Chen');
    await page.getByTestId('role-operations_lead').press('Enter');
    await page.getByTestId('hand-over-confirm').click();
    await waitSent(page, 1);
    await page.locator('[data-role=operations_lead]', { hasText: 'Mei Chen' }).waitFor(WAIT);
    await page.getByTestId('hand-over-undo').click();
    await waitSent(page, 2);
    await page.locator('[data-role=operations_lead]', { hasText: before }).waitFor(WAIT);
    assert.equal((await feedIncident(env.server)).roles.filter((r) => r.role === 'operations_lead').at(-1).holder, before);
    // Two sent writes, one line; the roles panel stays where it was.
    assert.equal(await page.locator('[data-testid=outbox-item]:visible').count(), 0);
    assert.equal(await sentCount(page), 2);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('problem 2: the status select always shows what is sent, whatever the order of picks', async () => {
    const { context, page, errors } = await openConsole(env.browser, env.server);
    await page.getByTestId('show-all-templates').check();
    await page.getByTestId('status-select').selectOption('resolved');
    await page.getByTestId('template-select').selectOption('identified');
    assert.equal(await page.getByTestId('status-select').inputValue(), 'identified');
    await page.getByTestId('template-select').selectOption('holding');
    assert.equal(await page.getByTestId('status-select').inputValue(), 'monitoring', 'holding keeps the current status');
    await page.getByTestId('status-select').selectOption('identified');
    await page.getByTestId('template-select').selectOption('monitoring');
    assert.equal(await page.getByTestId('status-select').inputValue(), 'monitoring');
    await page.getByTestId('publish').click();
    await waitSent(page, 1);
    const latest = (await feedIncident(env.server)).updates.filter((u) => u.audience === 'public').at(-1);
    assert.equal(latest.status, 'monitoring');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('problem 3: editing a variable after typing keeps the typed words', async () => {
    const { context, page, errors } = await openConsole(env.browser, env.server);
    await page.getByTestId('template-select').selectOption('holding');
    const typed = `${await page.getByTestId('public-text').inputValue()} Card payments are fine.`;
    await page.getByTestId('public-text').fill(typed);
    const components = await page.getByTestId('var-components').inputValue();
    await page.getByTestId('var-components').fill('checkout');
    await page.getByTestId('var-components').press('Tab');
    await page.getByTestId('public-text').focus();
    await page.waitForTimeout(200);
    assert.equal(await page.getByTestId('public-text').inputValue(), typed.replace(components, 'checkout'));
    await page.getByTestId('public-text').fill('');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('problem 6 and 13: the cadence clock counts to the promised time, and a note cannot move the status', async () => {
    const { context, page, errors } = await openConsole(env.browser, env.server);
    await page.getByTestId('template-select').selectOption('holding');
    await page.getByTestId('next-update-minutes').fill('25');
    await page.getByTestId('next-update-minutes').press('Tab');
    const shown = (await page.getByTestId('next-update-shown').textContent()).trim();
    assert.ok((await page.getByTestId('public-text').inputValue()).includes(shown), 'the text says the time set');
    await page.getByTestId('publish').click();
    await waitSent(page, 1);
    const promised = (await feedIncident(env.server)).updates.filter((u) => u.audience === 'public').at(-1).next_update_at;
    const minutes = (Date.parse(promised) - Date.now()) / 60_000;
    assert.ok(minutes > 23 && minutes <= 26, `promised ${minutes} min ahead`);
    // The clock says the time as the text does, in the page's zone, zone named.
    await page.waitForFunction((t) => document.querySelector('[data-testid=cadence-clock]').textContent.includes(t), shown, WAIT);
    // An internal note that tries to resolve is refused by the server: one story.
    const refused = await fetch(new URL(`/api/v1/incidents/${INCIDENT}/updates`, env.server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${WRITE_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'note-resolves' },
      body: JSON.stringify({ audience: 'internal', status: 'resolved', author: 'Jonas Weber', text: 'Looks fixed.' }),
    });
    assert.equal(refused.status, 422);
    assert.equal((await feedIncident(env.server)).resolved_at, undefined);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("on the Chinese console the check's advice for an English text is Chinese, quoting English words to write", async () => {
    const { context, page, errors } = await openConsole(env.browser, env.server);
    await page.getByTestId('locale-switch').click();
    await page.getByTestId('public-text').fill('Checkout is slow for some of you. We will post the next update by 10:30.');
    const advice = page.locator('[data-testid=finding][data-rule=no-empathy] .advice');
    await advice.waitFor(WAIT);
    assert.equal(await advice.textContent(), "开头加上“We're sorry for the disruption.”");
    await page.getByTestId('public-text').fill('');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a console pointed at a Statuspage page says it cannot publish there, while the feed reads that page', async () => {
    // The console reads Herald's documents only (it writes through Herald's API): the
    // Statuspage reader is not in its bundle, and such a source is refused by name.
    const statuspage = encodeURIComponent('/api/v2/summary.json');
    const { context, page, errors } = await openPage(env.browser);
    await page.goto(`${env.server.url}console/?source=${statuspage}&events=off`);
    const banner = page.getByTestId('sync-error');
    await banner.waitFor(WAIT);
    assert.match(await banner.textContent(), /Statuspage page, which the console cannot publish to; point the console at a Herald server/);
    await page.goto(`${env.server.url}?source=${statuspage}&events=off`);
    await page.getByTestId('incident-title').first().waitFor(WAIT);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the previews show before a token or name is entered, and say why the server would refuse a text', async () => {
    // Found walking: without a name the previews said "Write something to see it here" while
    // text was typed, and a text with U+202E reached customers reversed.
    const { context, page, errors } = await openPage(env.browser);
    await page.goto(`${env.server.url}console/`);
    await page.getByTestId('public-text').waitFor(WAIT);
    await page.getByTestId('public-text').fill('Some of you cannot pay at checkout. We are sorry. We will post the next update within 30 minutes.');
    await page.getByTestId('preview-page').filter({ hasText: 'Some of you cannot pay at checkout' }).waitFor(WAIT);
    await page.getByTestId('public-text').fill('Some of you cannot pay at checkout. \u202eWe are sorry.');
    const refused = page.getByTestId('preview-refused');
    await refused.waitFor(WAIT);
    assert.match(await refused.textContent(), /^The server would refuse this update: .*invisible direction control \(U\+202E\)/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('every part of the console, opened, passes axe-core in both languages', async () => {
    const { context, page, errors } = await openConsole(env.browser, env.server);
    for (const lang of ['en', 'zh-CN']) {
      if (lang === 'zh-CN') await page.getByTestId('locale-switch').click();
      await page.getByTestId('open-incident').click();
      await page.getByTestId('open-incident-form').waitFor(WAIT);
      await page.getByTestId('new-component-search').check();
      await page.locator('[data-testid=incident-settings] summary').click();
      await page.getByTestId('template-select').selectOption('holding');
      await page.getByTestId('public-text').fill('Our own words, with no component named.');
      await page.getByTestId('var-components').fill(`checkout (${lang})`);
      await page.getByTestId('var-components').press('Tab');
      await page.getByTestId('template-offer').waitFor(WAIT);
      await page.getByTestId('role-incident_commander').fill('Mei Chen');
      await page.getByTestId('role-incident_commander').press('Enter');
      await page.getByTestId('hand-over-question').waitFor(WAIT);
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
      const violations = result.violations.map((v) => `${v.id}: ${v.nodes[0]?.target} ${v.nodes[0]?.failureSummary ?? ''}`);
      assert.deepEqual(violations, [], lang);
      await page.screenshot({ path: path.join(artifacts, `console-open-${lang}.png`), fullPage: true });
      await page.getByTestId('hand-over-cancel').click();
      await page.getByTestId('open-cancel').click();
      await page.getByTestId('offer-decline').click();
      await page.getByTestId('public-text').fill('');
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
});
