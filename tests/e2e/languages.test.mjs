// Every reader in their own language (issue 15): a lead publishes one update in English and
// Chinese from the console; an English and a Chinese browser, each on a 390 px phone, read it
// on the status page, in the widget and in the support kit, each in their own language.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { artifacts, openConsole, openPage, serverAndBrowser, waitSent, siteLive } from './harness.mjs';

const INCIDENT = 'inc-2026-11-20-flash-sale-orders';
const WAIT = { timeout: 15_000 };
const PHONE = { width: 390, height: 844 };
const ENGLISH = 'Card payments are back for everyone.';
const CHINESE = '所有用户的银行卡支付均已恢复。';

describe('one update in two languages, each reader in theirs', { timeout: 300_000 }, () => {
  const env = serverAndBrowser();

  test('the lead writes both side by side, is told when one falls behind, and publishes both at once', async () => {
    const { context, page, errors } = await openConsole(env.browser, env.server);
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.getByTestId('template-select').selectOption('monitoring');
    await page.getByTestId('second-language').check();
    const second = page.getByTestId('second-text');
    await second.waitFor(WAIT);
    await page.waitForFunction(() => document.querySelector('[data-testid=second-text]').value.length > 0);
    const chinese = await second.inputValue();
    // The Chinese template, with the components' Chinese names and the time in Beijing.
    assert.match(chinese, /结账和订单/, chinese);
    // With the date when the promise falls tomorrow (the last quarter hour before midnight).
    assert.match(chinese, /北京时间 (?:\d{1,2}月\d{1,2}日 )?\d\d:\d\d/, chinese);
    assert.match(await page.getByTestId('public-text').inputValue(),
      /next update by (?:[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}, )?\d\d:\d\d CET/);
    assert.equal(await page.getByTestId('out-of-date').count(), 0);

    // The English changes: the Chinese may now be out of date, and says so.
    const english = `${await page.getByTestId('public-text').inputValue()}\n\n${ENGLISH}`;
    await page.getByTestId('public-text').fill(english);
    await page.getByTestId('out-of-date').waitFor(WAIT);
    assert.match(await page.getByTestId('out-of-date').textContent(), /Chinese text may be out of date/);
    await page.screenshot({ path: path.join(artifacts, 'languages-console-out-of-date.png'), fullPage: true });
    // Bringing the Chinese up to date clears it.
    await second.fill(`${chinese}\n\n${CHINESE}`);
    await page.getByTestId('out-of-date').waitFor({ state: 'detached', ...WAIT });
    assert.equal(await page.getByTestId('second-check').count(), 1, 'the Chinese text is checked too');
    assert.equal(await page.getByTestId('publish').isDisabled(), false);
    await page.screenshot({ path: path.join(artifacts, 'languages-console-both.png'), fullPage: true });
    // The previews as a Chinese reader will see them: the Chinese text and title, no note.
    await page.getByTestId('preview-reader-zh-CN').check();
    await page.waitForFunction((t) => document.querySelector('[data-testid=preview-page]')?.textContent.includes(t), CHINESE, WAIT);
    const previewed = await page.getByTestId('preview-page').textContent();
    assert.match(previewed, /黑色星期五限时特卖期间订单失败/);
    assert.ok(!previewed.includes(ENGLISH), previewed);
    assert.equal(await page.locator('[data-testid=preview-page] [data-testid=fallback-note]').count(), 0);
    assert.match(await page.getByTestId('preview-support').textContent(), /北京时间/);
    await page.locator('[data-testid=previews]').screenshot({ path: path.join(artifacts, 'languages-console-preview-zh.png') });
    await page.getByTestId('preview-reader-en').check();
    await page.waitForFunction((t) => document.querySelector('[data-testid=preview-page]')?.textContent.includes(t), ENGLISH, WAIT);
    await page.getByTestId('publish').click();
    await waitSent(page, 1);

    const feed = await (await fetch(new URL('/api/v1/feed', env.server.url))).json();
    const latest = feed.incidents.find((i) => i.id === INCIDENT).updates.at(-1);
    assert.equal(latest.audience, 'public');
    assert.ok(latest.text.endsWith(ENGLISH), latest.text);
    assert.equal(latest.language, 'en');
    assert.ok(latest.translations['zh-CN'].endsWith(CHINESE), JSON.stringify(latest.translations));
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const [locale, own, other] of [['en-GB', ENGLISH, CHINESE], ['zh-CN', CHINESE, ENGLISH]]) {
    test(`a reader in ${locale} on a phone reads it in their language everywhere`, async () => {
      const short = locale.slice(0, 2);
      const { context, page, errors } = await openPage(env.browser, { locale, viewport: PHONE, timezoneId: locale === 'zh-CN' ? 'Asia/Shanghai' : 'Europe/Berlin' });

      // The status page.
      await siteLive(env.server.url);
      await page.goto(`${env.server.url}status/`);
      await page.locator('[data-testid=public-update]', { hasText: own }).first().waitFor(WAIT);
      const status = await page.locator('[data-testid=public-incident]').first().textContent();
      assert.ok(!status.includes(other), `no ${other} on the ${locale} status page`);
      const title = await page.getByTestId('public-incident-title').first().textContent();
      assert.equal(title, locale === 'zh-CN' ? '黑色星期五限时特卖期间订单失败' : 'Orders failing during the Black Friday flash sale');
      const components = await page.getByTestId('public-components').textContent();
      assert.match(components, locale === 'zh-CN' ? /结账和订单/ : /Checkout and orders/);
      assert.equal(await page.getByTestId('fallback-note').count(), 0, 'the open incident is written in both');
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= PHONE.width, `no sideways scrolling: ${scroll}`);
      await page.screenshot({ path: path.join(artifacts, `languages-status-${short}-390.png`), fullPage: true });

      // The resolved search incident's page, reached from the history on the status page. Its
      // last update was published in English only: Chinese readers are told.
      await page.getByTestId('history-incident').locator('a').first().click();
      await page.getByTestId('public-incident-title').waitFor(WAIT);
      assert.match(new URL(page.url()).pathname, /incidents\/inc-2026-11-12-search-slow\/$/);
      const notes = await page.getByTestId('fallback-note').count();
      if (locale === 'zh-CN') assert.ok(notes > 0, 'the English-only update carries the note');
      else assert.equal(notes, 0);
      await page.screenshot({ path: path.join(artifacts, `languages-incident-${short}-390.png`), fullPage: true });

      // The maintenance's own page, in the reader's language. Its window (fixed demo times) has
      // passed, so it reads as completed, never as scheduled.
      await page.goto(`${env.server.url}status/maintenance/mnt-2026-11-26-payments/`);
      const maintenance = await page.getByTestId('maintenance').textContent();
      assert.match(maintenance, locale === 'zh-CN' ? /支付服务商连接升级/ : /Payments provider connection upgrade/);
      assert.match(maintenance, locale === 'zh-CN' ? /已完成/ : /Completed/);
      assert.doesNotMatch(maintenance, /Scheduled|已计划/);

      // The widget, as a host page in the reader's language embeds it.
      await page.goto(`${env.server.url}widget/index.html`);
      await page.locator('herald-status').evaluate((w, lang) => { w.setAttribute('lang', lang); w.setAttribute('mode', 'full'); }, locale);
      await page.waitForFunction((text) => document.querySelector('herald-status')?.shadowRoot?.textContent.includes(text), own, WAIT);
      const widget = await page.locator('herald-status').evaluate((w) => w.shadowRoot.textContent);
      assert.ok(!widget.includes(other), `the widget in ${locale}: ${widget}`);
      // The promise in the reader's zone, named as readers there name it (CET, not GMT+1).
      assert.match(widget, locale === 'zh-CN' ? /下次更新时间：北京时间 (?:\d{1,2}月\d{1,2}日 )?\d\d:\d\d/
        : /Next update by (?:[A-Z][a-z]{2} \d{1,2}, )?\d\d:\d\d CET/, widget);
      await page.screenshot({ path: path.join(artifacts, `languages-widget-${short}-390.png`) });
      if (locale === 'zh-CN') {
        // The same reader on an English host page: English words, and no Chinese zone name.
        await page.locator('herald-status').evaluate((w) => w.setAttribute('lang', 'en'));
        await page.waitForFunction(() => /Next update by/.test(document.querySelector('herald-status')?.shadowRoot?.textContent ?? ''), null, WAIT);
        const english = await page.locator('herald-status').evaluate((w) => w.shadowRoot.textContent);
        assert.match(english, /Next update by (?:[A-Z][a-z]{2} \d{1,2}, )?\d\d:\d\d GMT\+8/, english);
        assert.doesNotMatch(english, /北京时间/, english);
      }

      // The support kit, answering a customer in the reader's language.
      await page.goto(`${env.server.url}support/`);
      const wording = page.getByTestId('current-wording').first();
      await wording.waitFor(WAIT);
      assert.ok((await wording.textContent()).includes(own));
      const email = await page.getByTestId('reply-email').first().textContent();
      assert.ok(email.includes(own), email);
      assert.ok(!email.includes(other), email);
      const phone = await page.getByTestId('reply-phone').first().textContent();
      assert.doesNotMatch(phone, /https?:|>/, 'a phone script reads no URL and quotes nothing');
      // The agent signs once; the email carries the name, not a placeholder to replace by hand.
      assert.match(email, locale === 'zh-CN' ? /\[您的姓名\]/ : /\[Your name\]/, email);
      await page.getByTestId('agent-name').fill('Mina Park');
      await page.getByTestId('agent-name').press('Tab');
      await page.waitForFunction(() => document.querySelector('[data-testid=reply-email]')?.textContent.includes('Mina Park'), null, WAIT);
      const signed = await page.getByTestId('reply-email').first().textContent();
      assert.doesNotMatch(signed, /\[Your name\]|\[您的姓名\]/, signed);
      await page.reload();
      await page.getByTestId('reply-email').first().waitFor(WAIT);
      assert.equal(await page.getByTestId('agent-name').inputValue(), 'Mina Park', 'remembered in this browser');
      assert.ok((await page.getByTestId('reply-email').first().textContent()).includes('Mina Park'));
      await page.getByTestId('agent-name').fill('');
      await page.getByTestId('agent-name').press('Tab');
      await page.screenshot({ path: path.join(artifacts, `languages-support-${short}-390.png`), fullPage: true });

      // The internal feed, as a responder who joins late and reads this language: the catch-up
      // card and the component list name the incident and components as the page translated them.
      await page.goto(env.server.url);
      const card = page.getByTestId('incident').filter({ hasText: own }).first();
      await card.waitFor(WAIT);
      assert.equal(await card.getByTestId('incident-title').textContent(),
        locale === 'zh-CN' ? '黑色星期五限时特卖期间订单失败' : 'Orders failing during the Black Friday flash sale');
      assert.match(await card.getByTestId('affected').textContent(), locale === 'zh-CN' ? /结账和订单/ : /Checkout and orders/);
      const list = await page.getByTestId('components').textContent();
      assert.match(list, locale === 'zh-CN' ? /^组件.*商店 \/ 结账和订单/ : /^Components.*Shop \/ Checkout and orders/);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= PHONE.width, `no sideways scrolling on the internal feed: ${wide}`);
      await page.screenshot({ path: path.join(artifacts, `languages-feed-${short}-390.png`), fullPage: true });

      // The Atom feed in the reader's language.
      const atom = await (await fetch(new URL(`/history.${locale === 'zh-CN' ? 'zh-CN' : 'en'}.atom`, env.server.url))).text();
      assert.ok(atom.includes(own) && !atom.includes(other));
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
  test('the lead translates the title and workaround in the incident details, and each reader gets theirs', async () => {
    const { context, page, errors } = await openConsole(env.browser, env.server);
    await page.locator('[data-testid=incident-settings] summary').click();
    const title = page.getByTestId('set-title-other');
    // The demo's Chinese title is there to edit, beside the page's own (English) title.
    assert.equal(await title.inputValue(), '黑色星期五限时特卖期间订单失败');
    assert.equal(await title.getAttribute('lang'), 'zh-CN');
    await title.fill('黑五限时特卖：订单失败');
    await page.getByTestId('set-workaround-other').fill('可以稍后重试，购物车中的商品会保留。');
    await page.screenshot({ path: path.join(artifacts, 'languages-settings-translations.png'), fullPage: true });
    await page.getByTestId('settings-save').click();
    const incident = async () => (await (await fetch(new URL('/api/v1/feed', env.server.url))).json())
      .incidents.find((i) => i.id === INCIDENT);
    const deadline = Date.now() + 15_000;
    let saved = await incident();
    while (saved.title_translations?.['zh-CN'] !== '黑五限时特卖：订单失败' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      saved = await incident();
    }
    assert.equal(saved.title_translations['zh-CN'], '黑五限时特卖：订单失败');
    assert.equal(saved.workaround_translations['zh-CN'], '可以稍后重试，购物车中的商品会保留。');
    assert.equal(saved.title, 'Orders failing during the Black Friday flash sale', 'the page language keeps its own');

    // Each reader's status page: the Chinese one gets the new title, the English one its own.
    await siteLive(env.server.url);
    for (const [locale, expected] of [['zh-CN', '黑五限时特卖：订单失败'], ['en-GB', 'Orders failing during the Black Friday flash sale']]) {
      const reader = await openPage(env.browser, { locale, viewport: PHONE });
      await reader.page.goto(`${env.server.url}status/`);
      await reader.page.waitForFunction((t) => document.querySelector('[data-testid=public-incident-title]')?.textContent === t, expected, WAIT);
      if (locale === 'zh-CN') {
        assert.match(await reader.page.locator('[data-testid=public-incident]').first().textContent(), /购物车中的商品会保留/);
        await reader.page.screenshot({ path: path.join(artifacts, 'languages-translated-title-zh-390.png'), fullPage: true });
      }
      assert.deepEqual(reader.errors, []);
      await reader.context.close();
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
});
