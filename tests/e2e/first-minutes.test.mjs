// A newcomer's first five minutes: a fresh demo, placed at now as `scripts/run.sh` places it,
// read on every page, desktop and a 390 px phone, in English and Chinese. Screenshots land in
// target/e2e/first-minutes/ to be looked at.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { artifacts, serverAndBrowser, WRITE_TOKEN } from './harness.mjs';

const WAIT = { timeout: 15_000 };
const shots = path.join(artifacts, 'first-minutes');
const PAGES = [
  { name: 'feed', path: '', ready: 'incident-title' },
  { name: 'console', path: 'console/', ready: 'token-panel' },
  { name: 'status', path: 'status/', ready: 'overall-status' },
  { name: 'support', path: 'support/', ready: 'reply-language' },
  // The widget's own page (the iframe form): a custom element, no language switch of its own.
  { name: 'widget', path: 'widget/?mode=full', widget: true },
];
const SCREENS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];
const LANGUAGES = [{ tag: 'en', store: 'en' }, { tag: 'zh', store: 'zh-CN' }];

/** A page that records every console error and warning, failed loads included. */
async function open(browser, screen, language) {
  const context = await browser.newContext({
    viewport: screen.viewport,
    isMobile: screen.isMobile ?? false,
    hasTouch: screen.hasTouch ?? false,
    locale: language.tag === 'zh' ? 'zh-CN' : 'en-GB',
  });
  await context.addInitScript((tag) => localStorage.setItem('herald:locale', tag), language.store);
  const page = await context.newPage();
  const noise = [];
  page.on('pageerror', (error) => noise.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      noise.push(`${message.type()}: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) noise.push(`HTTP ${response.status()} ${response.url()}`);
  });
  return { context, page, noise };
}

describe('a fresh demo, as a newcomer first sees it', () => {
  const env = serverAndBrowser(() => {
    mkdirSync(shots, { recursive: true });
    const dir = path.join(artifacts, `tokens-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const tokens = path.join(dir, 'demo.tokens');
    writeFileSync(tokens, `write = ${WRITE_TOKEN}\n`, { mode: 0o600 });
    return { liveDemo: true, env: { HERALD_TOKEN_FILE: tokens } };
  });

  for (const screen of SCREENS) {
    for (const language of LANGUAGES) {
      test(`every page loads quietly and reads as live (${screen.name}, ${language.tag})`, async () => {
        for (const { name, path: at, ready, widget } of PAGES) {
          const { context, page, noise } = await open(env.browser, screen, language);
          await page.goto(`${env.server.url}${at}${widget && language.tag === 'zh' ? '&lang=zh-CN' : ''}`);
          if (widget) {
            await page.waitForFunction(() => /\d/.test(document.querySelector('herald-status')?.shadowRoot?.textContent ?? ''), null, WAIT);
          } else {
            await page.getByTestId(ready).first().waitFor(WAIT);
          }
          // Let the event stream connect and the first clock ticks render.
          await page.waitForTimeout(1_200);
          const body = widget
            ? await page.locator('herald-status').evaluate((e) => e.shadowRoot.textContent)
            : await page.locator('body').innerText();
          assert.doesNotMatch(body, /overdue|已逾期/, `${name}: a fresh demo is not overdue`);
          assert.doesNotMatch(body, /\d{2,} h|\d+ 小时/, `${name}: no span of hours on a 40-minute incident`);
          assert.doesNotMatch(body, /last synced|最后同步/, `${name}: live status reads as news, not as stale`);
          // Nothing is wider than the screen: the phone never scrolls sideways.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `${name} is ${overflow} px wider than the ${screen.name} screen`);
          // Nothing sticks out of its card (the console's role holders did, at 1280 px).
          const spills = await page.$$eval('section, article, aside, fieldset', (cards) => cards
            .filter((card) => card.scrollWidth > card.clientWidth + 1 && getComputedStyle(card).overflowX === 'visible')
            .map((card) => `${card.className || card.tagName}: ${card.scrollWidth - card.clientWidth} px (${card.textContent.slice(0, 60)})`));
          assert.deepEqual(spills, [], `${name} (${screen.name}, ${language.tag}): content wider than its card`);
          if (widget) {
            await page.screenshot({ path: path.join(shots, `${name}-${screen.name}-${language.tag}.png`), fullPage: true });
            assert.deepEqual(noise, [], `${name} (${screen.name}, ${language.tag}) logs nothing on a normal load`);
            await context.close();
            continue;
          }
          // The language button keeps to one line.
          const button = page.getByTestId('locale-switch');
          const box = await button.boundingBox();
          const lineHeight = await button.evaluate((b) => parseFloat(getComputedStyle(b).lineHeight) || 20);
          assert.ok(box.height < lineHeight * 2, `${name}: the language button wraps (${box.height} px)`);
          if (name === 'feed') {
            // Regression: the holder dropped to a line of its own after a stray colon.
            const rows = await page.$$eval('[data-testid=roles] li', (items) => items.map((li) => {
              const role = li.querySelector('.role-name').getBoundingClientRect();
              const holder = li.querySelector('strong, em').getBoundingClientRect();
              return { text: li.textContent, apart: Math.abs(role.top - holder.top) };
            }));
            assert.equal(rows.length, 3);
            for (const row of rows) assert.ok(row.apart < 4, `role and holder on two lines: ${row.text}`);
          }
          if (name === 'console' && screen.name === 'desktop') {
            // The lead's roles panel: each role beside its holder, inside the card.
            const rows = await page.$$eval('.role-line', (lines) => lines.map((line) => {
              const holder = line.querySelector('strong').getBoundingClientRect();
              const card = line.closest('section').getBoundingClientRect();
              return { text: line.textContent, apart: Math.abs(line.getBoundingClientRect().top - holder.top), out: holder.right - card.right };
            }));
            assert.equal(rows.length, 3);
            for (const row of rows) {
              assert.ok(row.apart < 4, `role and holder on two lines: ${row.text}`);
              assert.ok(row.out <= 0, `the holder sticks out of the card by ${row.out} px: ${row.text}`);
            }
          }
          await page.screenshot({ path: path.join(shots, `${name}-${screen.name}-${language.tag}.png`), fullPage: true });
          assert.deepEqual(noise, [], `${name} (${screen.name}, ${language.tag}) logs nothing on a normal load`);
          await context.close();
        }
      });
    }
  }

  test('the feed and the console count down to an update that is due soon', async () => {
    const { context, page, noise } = await open(env.browser, SCREENS[0], LANGUAGES[0]);
    await page.goto(env.server.url);
    const countdown = page.getByTestId('next-update').first();
    await countdown.waitFor(WAIT);
    const text = await countdown.textContent();
    assert.match(text, /due in/, text);
    // Each number with its unit ("due in 4 min 54 s"), never a bare "4:54".
    const match = text.match(/due in (?:(\d+) min )?\d+ s/);
    assert.ok(match, `a countdown with units: ${text}`);
    assert.ok(Number(match[1] ?? 0) <= 15, `due within the 15-minute cadence: ${text}`);
    assert.deepEqual(noise, []);
    await context.close();
  });

  test('a late joiner\'s first visit lists the latest three changes and links the rest to the timeline', async () => {
    for (const language of LANGUAGES) {
      const { context, page, noise } = await open(env.browser, SCREENS[1], language);
      await page.goto(env.server.url);
      const changed = page.getByTestId('changed-since').first();
      await changed.waitFor(WAIT);
      const heading = await changed.locator('h3').textContent();
      assert.match(heading, language.tag === 'zh' ? /^最新变化/ : /^Latest changes/, 'not "since you last looked" on a first visit');
      assert.equal(await changed.locator('li').count(), 3);
      const earlier = changed.getByTestId('earlier-changes');
      assert.match(await earlier.textContent(), language.tag === 'zh' ? /^更早的 6 条更新见下方时间线$/ : /^6 earlier updates are in the timeline below$/);
      await page.getByTestId('incident').first().screenshot({ path: path.join(shots, `first-visit-card-${language.tag}.png`) });
      await earlier.locator('a').click();
      await page.waitForURL(/#timeline$/);
      await page.screenshot({ path: path.join(shots, `first-visit-timeline-${language.tag}.png`) });
      // Once read, the next look is "since you last looked" again, with nothing left out.
      await page.getByTestId('mark-read').first().click();
      await changed.filter({ hasText: language.tag === 'zh' ? /没有新变化/ : /Nothing new/ }).waitFor(WAIT);
      assert.equal(await page.getByTestId('earlier-changes').count(), 0);
      assert.deepEqual(noise, []);
      await context.close();
    }
  });

  test('a returning reader sees what is new, summaries in Markdown, and resolved incidents linked', async () => {
    const { context, page, noise } = await open(env.browser, SCREENS[1], LANGUAGES[0]);
    await page.goto(env.server.url);
    await page.getByTestId('mark-read').click();
    // A new incident and a Markdown update after the last look.
    const opened = await fetch(`${env.server.url}api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WRITE_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': `fm-${Date.now()}` },
      body: JSON.stringify({
        title: 'Login failures in the EU', impact: 'major', components: ['storefront'],
        update: { audience: 'public', status: 'investigating', author: 'Amara Okafor',
          text: '**Signing in** fails for some of you in the EU. We are sorry and are looking into it. We will post the next update within 15 minutes.' },
      }),
    });
    assert.equal(opened.status, 201, await opened.text());
    const card = page.locator('[data-testid=incident]').filter({ hasText: 'Login failures in the EU' });
    await card.getByTestId('incident-new').waitFor(WAIT);
    assert.equal(await page.locator('[data-testid=incident-new]').count(), 1, 'only the incident opened since');
    const summary = card.locator('[data-testid=changed-since] .update-summary').first();
    assert.equal(await summary.locator('strong').textContent(), 'Signing in');
    assert.doesNotMatch(await summary.textContent(), /\*\*/);

    const resolved = page.getByTestId('resolved-incidents');
    await resolved.locator('summary').click();
    const row = resolved.locator('li').first();
    assert.match(await row.textContent(), /Slow search results · resolved \w/);
    await row.getByTestId('resolved-link').click();
    await page.waitForURL(/incident=inc-.*-search-slow/);
    await page.getByTestId('timeline').waitFor(WAIT);
    await page.waitForFunction(() => document.querySelector('[data-testid=filter-incident]')?.value.includes('search-slow'), null, WAIT);
    const entries = await page.locator('[data-testid=timeline-entry]').count();
    assert.equal(entries, 3, 'the timeline opens on the resolved incident');
    await page.screenshot({ path: path.join(shots, 'feed-phone-returning.png'), fullPage: true });
    assert.deepEqual(noise, []);
    await context.close();
  });

  test('the console says where this demo keeps its write token', async () => {
    for (const language of LANGUAGES) {
      const { context, page } = await open(env.browser, SCREENS[0], language);
      await page.goto(`${env.server.url}console/`);
      const hint = page.getByTestId('token-hint');
      await hint.waitFor(WAIT);
      await page.waitForFunction(() => /demo\.tokens/.test(document.querySelector('[data-testid=token-hint]')?.textContent ?? ''), null, WAIT);
      assert.match(await hint.textContent(), /write = …/);
      // The file and the line are set as code, not shown with their backticks.
      assert.doesNotMatch(await hint.textContent(), /`/);
      assert.match(await hint.locator('code').first().textContent(), /demo\.tokens$/);
      await context.close();
    }
  });
});
