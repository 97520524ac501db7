// Email subscriptions (issue 16) acted out as their users live them, against the real server and
// a real SMTP server on loopback: customers on a phone with JavaScript off subscribe from the
// public site (one in English to some components, one in Chinese to all, one to a component the
// open incident does not touch), confirm from the email they receive, get the communications
// lead's public update (never the internal note) in their language, and leave again, one with
// the mail client's one-click unsubscribe (RFC 8058), one from the manage page. Beside them the
// team's Slack channel (with internal notes) and a customer's Statuspage-format webhook get the
// same update, signed; only the channel gets the note; the lead sees both counts in the console.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  artifacts, freePort, launchBrowser, openConsole, siteLive, startServer, startSmtpReceiver, startWebhookReceiver, waitSent,
  WRITE_TOKEN,
} from './harness.mjs';

const INCIDENT = 'inc-2026-11-20-flash-sale-orders';
const FROM = 'Larkspur Status <status@larkspur.test>';
const WEBHOOK_SECRET = 'e2e-webhook-secret-0123456789abcdef';
const WAIT = { timeout: 15_000 };
/** How long an email may take from the action that owes it to the receiver. */
const MAIL_MS = 20_000;
/** How long the test waits to be sure no (further) email comes. */
const QUIET_MS = 4_000;
const PHONE = { javaScriptEnabled: false, viewport: { width: 390, height: 844 } };
const CJK = /[\u4e00-\u9fff]/;

const ANA = 'ana@example.com';
const BO = 'bo@example.com';
const CAROL = 'carol@example.com';

const PUBLIC_FIRST = 'We are sorry: some orders are still slow to confirm after payment, and a few customers see an error at checkout.';
const PUBLIC_SECOND = 'We are sorry for the trouble: orders are confirming faster now and we are watching checkout closely.';
const INTERNAL_NOTE = 'Replica lag on orders-db-replica-2 is 40 s; Priya is failing over at 11:30, do not mention the vendor.';

const shot = (name) => path.join(artifacts, `subscriptions-${name}.png`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('email subscriptions', { timeout: 300_000 }, () => {
  const env = { receiver: undefined, hooks: undefined, server: undefined, browser: undefined, port: 0 };
  /** Per customer: the confirmation and update emails and the links read from them. */
  const mail = {};
  /** Components of the open incident, and one it does not touch. */
  let touched;
  let untouched;

  before(async () => {
    // Every message kept in a file beside the screenshots, for a reader to look at afterwards.
    const store = path.join(artifacts, 'subscriptions-mail.jsonl');
    rmSync(store, { force: true });
    env.receiver = await startSmtpReceiver(['--store', store]);
    env.hooks = await startWebhookReceiver(WEBHOOK_SECRET);
    env.port = await freePort();
    env.server = await startServer({
      bind: `127.0.0.1:${env.port}`,
      env: {
        HERALD_SMTP_URL: env.receiver.url,
        HERALD_MAIL_FROM: FROM,
        HERALD_PUBLIC_URL: `http://127.0.0.1:${env.port}/status/`,
        HERALD_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    });
    // The team registers its Slack channel (notes included) and a customer's integration.
    for (const body of [
      { url: env.hooks.url('/team-slack'), format: 'slack', internal_notes: true },
      { url: env.hooks.url('/customer-integration') },
    ]) {
      const registered = await fetch(new URL('/api/v1/webhooks', env.server.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${WRITE_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(registered.status, 201, await registered.text());
    }
    env.browser = await launchBrowser();
    const feed = await (await fetch(new URL('/api/v1/feed', env.server.url))).json();
    const incident = feed.incidents.find((i) => i.id === INCIDENT);
    touched = incident.components;
    // Untouched by the open incident, and by no maintenance still to come.
    const busy = new Set([
      ...feed.incidents.filter((i) => !i.resolved_at).flatMap((i) => i.components),
      ...feed.maintenances.filter((m) => m.status !== 'completed').flatMap((m) => m.components),
    ]);
    untouched = feed.components.map((c) => c.id).find((id) => !busy.has(id));
    assert.ok(touched.length > 0 && untouched, `components: touched ${touched}, untouched ${untouched}`);
  });

  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
    await env.receiver?.stop();
    await env.hooks?.stop();
  });

  /** A phone with JavaScript off; every page error is kept (none should happen). */
  async function phone() {
    const context = await env.browser.newContext(PHONE);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    return { context, page, errors };
  }

  /** The messages `to` received, once `ready(messages)` holds; bounded by MAIL_MS. */
  async function mailFor(to, ready, what) {
    const deadline = Date.now() + MAIL_MS;
    let messages = [];
    while (Date.now() < deadline) {
      messages = await env.receiver.messages(to);
      if (ready(messages)) return messages;
      await sleep(200);
    }
    throw new Error(`${to}: ${what} did not arrive within ${MAIL_MS} ms; got ${JSON.stringify(messages.map((m) => m.subject))}\n` +
      `server log tail:\n${env.server.logs().split('\n').slice(-20).join('\n')}`);
  }

  const isUpdate = (message) => 'list-unsubscribe' in message.headers;

  /** The one link of `kind` (confirm, manage, unsubscribe) in a message's text. */
  function linkIn(message, kind) {
    const found = new Set(message.text.match(new RegExp(`https?://[^\\s<>"]+/subscriptions/${kind}\\?token=[^\\s<>"]+`, 'g')) ?? []);
    assert.equal(found.size, 1, `one ${kind} link in ${JSON.stringify(message.text)}`);
    const [link] = found;
    assert.ok(link.startsWith(env.server.url), `${link} points at this server`);
    return link;
  }

  /** From the site's front page in `lang`, follows the header's subscribe link. */
  async function openSubscribe(page, lang) {
    await page.goto(`${env.server.url}status/${lang === 'en' ? '' : `${lang}/`}`);
    await page.getByTestId('subscribe-link').click();
    await page.waitForURL(new RegExp(`/status/${lang === 'en' ? '' : `${lang}/`}subscribe/$`), WAIT);
    await page.getByTestId('subscribe-form').waitFor(WAIT);
  }

  /** Sends the form (JavaScript is off: a real form post) and checks the answer page. */
  async function submit(page) {
    await Promise.all([page.waitForURL(/\/subscriptions$/, WAIT), page.getByTestId('subscribe-submit').click()]);
    const title = (await page.getByTestId('subscription-title').textContent()).trim();
    const sentence = (await page.getByTestId('subscription-sentence').textContent()).trim();
    assert.ok(title && sentence, 'the answer page has a title and a sentence');
    return { title, sentence };
  }

  /** Publishes from the console; resolves once the outbox has sent `writes` writes. */
  async function publishFromConsole(text, note, sentTo = null) {
    const { context, page, errors } = await openConsole(env.browser, env.server);
    await page.getByTestId('public-text').fill(text);
    const promised = (await page.getByTestId('next-update-shown').textContent()).trim();
    await page.getByTestId('public-text').fill(`${text} We will post the next update by ${promised}.`);
    if (note) await page.getByTestId('internal-note').fill(note);
    await page.waitForFunction(() => !document.querySelector('[data-testid=publish]').disabled, null, WAIT);
    const errorsFound = await page.locator('[data-testid=finding].level-error').count();
    assert.equal(errorsFound, 0, 'the text passes the comms check');
    await page.getByTestId('publish').click();
    await waitSent(page, note ? 2 : 1);
    if (sentTo !== null) {
      // The lead sees the fan-out finish under the publish bar, without asking anyone.
      const line = page.getByTestId('deliveries');
      await page.waitForFunction((n) => {
        const text = document.querySelector('[data-testid=deliveries]')?.textContent ?? '';
        return text.includes(`${n} sent, 0 waiting, 0 failed`) && text.includes('2 posted, 0 waiting, 0 failed');
      }, sentTo, WAIT);
      await line.scrollIntoViewIfNeeded();
      await page.screenshot({ path: shot('console-deliveries') });
      // The same line for a lead reading the console in Chinese.
      await page.getByTestId('locale-switch').click();
      await page.waitForFunction(() => (document.querySelector('[data-testid=deliveries]')?.textContent ?? '').includes('已推送 2 条'), null, WAIT);
      await line.scrollIntoViewIfNeeded();
      await page.screenshot({ path: shot('console-deliveries-zh-CN') });
    }
    assert.deepEqual(errors, []);
    await context.close();
    const feed = await (await fetch(new URL('/api/v1/feed', env.server.url))).json();
    return feed.incidents.find((i) => i.id === INCIDENT).updates;
  }

  test('three customers subscribe on a phone with JavaScript off', async () => {
    // Ana: English, only a component the open incident touches.
    const ana = await phone();
    await ana.page.goto(`${env.server.url}status/`);
    await ana.page.screenshot({ path: shot('site-en') });
    await openSubscribe(ana.page, 'en');
    await ana.page.getByTestId('subscribe-email').fill(ANA);
    await ana.page.getByTestId('subscribe-language-en').check();
    await ana.page.getByTestId('subscribe-scope-some').check();
    await ana.page.getByTestId(`subscribe-component-${touched[0]}`).check();
    await ana.page.screenshot({ path: shot('form-en'), fullPage: true });
    const anaAnswer = await submit(ana.page);
    assert.doesNotMatch(`${anaAnswer.title} ${anaAnswer.sentence}`, CJK);
    await ana.page.screenshot({ path: shot('answer-en'), fullPage: true });

    // Bo: from the Chinese site, Chinese, all components.
    const bo = await phone();
    await openSubscribe(bo.page, 'zh-CN');
    assert.equal(await bo.page.locator('html').getAttribute('lang'), 'zh-CN');
    await bo.page.getByTestId('subscribe-email').fill(BO);
    await bo.page.getByTestId('subscribe-language-zh-CN').check();
    await bo.page.getByTestId('subscribe-scope-all').check();
    await bo.page.screenshot({ path: shot('form-zh-CN'), fullPage: true });
    const boAnswer = await submit(bo.page);
    assert.match(`${boAnswer.title} ${boAnswer.sentence}`, CJK, 'the answer is in Chinese');
    assert.equal(await bo.page.locator('html').getAttribute('lang'), 'zh-CN');
    await bo.page.screenshot({ path: shot('answer-zh-CN'), fullPage: true });

    // Carol: English, a component the open incident does not touch.
    const carol = await phone();
    await openSubscribe(carol.page, 'en');
    await carol.page.getByTestId('subscribe-email').fill(CAROL);
    await carol.page.getByTestId('subscribe-scope-some').check();
    await carol.page.getByTestId(`subscribe-component-${untouched}`).check();
    const carolAnswer = await submit(carol.page);
    // The same answer for everyone: the page tells nobody who subscribes.
    assert.deepEqual(carolAnswer, anaAnswer);

    assert.deepEqual([...ana.errors, ...bo.errors, ...carol.errors], []);
    for (const customer of [ana, bo, carol]) await customer.context.close();
  });

  test('each confirms from the email: open the link, press the button', async () => {
    for (const [to, lang] of [[ANA, 'en'], [BO, 'zh-CN'], [CAROL, 'en']]) {
      const [confirmation] = await mailFor(to, (m) => m.length >= 1, 'the confirmation');
      assert.equal(isUpdate(confirmation), false, 'a confirmation has no unsubscribe header');
      assert.equal(confirmation.from.replaceAll('"', ''), FROM);
      if (lang === 'zh-CN') assert.match(`${confirmation.subject} ${confirmation.text}`, CJK);
      else assert.doesNotMatch(confirmation.subject, CJK);
      mail[to] = { confirmation };

      const customer = await phone();
      await customer.page.goto(linkIn(confirmation, 'confirm'));
      assert.equal(await customer.page.locator('html').getAttribute('lang'), lang);
      // Opening the link confirms nothing (mail scanners follow links); the button does.
      assert.equal(await customer.page.getByTestId('subscribe-form').count(), 0);
      if (to !== CAROL) await customer.page.screenshot({ path: shot(`confirm-${lang}`), fullPage: true });
      await customer.page.getByTestId('subscription-button').click();
      await customer.page.getByTestId('subscribe-form').waitFor(WAIT);
      assert.equal(await customer.page.getByTestId('subscribe-email').count(), 0, 'the manage form shows no address');
      if (to !== CAROL) await customer.page.screenshot({ path: shot(`confirmed-${lang}`), fullPage: true });
      assert.deepEqual(customer.errors, []);
      await customer.context.close();
    }
    const listed = await (await fetch(new URL('/api/v1/subscribers', env.server.url), {
      headers: { authorization: `Bearer ${WRITE_TOKEN}` },
    })).json();
    assert.equal(listed.length, 3, JSON.stringify(listed));
  });

  test('a public update reaches the subscribers whose components it touches, in their language; the internal note nobody', async () => {
    const updates = await publishFromConsole(PUBLIC_FIRST, INTERNAL_NOTE, 2);
    assert.ok(updates.some((u) => u.audience === 'public' && u.text.startsWith(PUBLIC_FIRST)));
    assert.ok(updates.some((u) => u.audience === 'internal' && u.text.startsWith(INTERNAL_NOTE)));

    await mailFor(ANA, (m) => m.some(isUpdate), 'the update');
    await mailFor(BO, (m) => m.some(isUpdate), 'the update');
    // Time for anything else that might (wrongly) be on its way.
    await sleep(QUIET_MS);
    const anaMail = await env.receiver.messages(ANA);
    const boMail = await env.receiver.messages(BO);
    const carolMail = await env.receiver.messages(CAROL);
    assert.equal(anaMail.filter(isUpdate).length, 1, `ana: ${JSON.stringify(anaMail.map((m) => m.subject))}`);
    assert.equal(boMail.filter(isUpdate).length, 1, `bo: ${JSON.stringify(boMail.map((m) => m.subject))}`);
    assert.equal(anaMail.length, 2);
    assert.equal(boMail.length, 2);
    assert.equal(carolMail.length, 1, `carol gets her confirmation only: ${JSON.stringify(carolMail.map((m) => m.subject))}`);

    for (const message of await env.receiver.messages()) {
      for (const part of [message.subject, message.text, message.html]) {
        assert.ok(!part?.includes('Replica lag') && !part?.includes('orders-db-replica'), `internal note in ${message.subject}`);
      }
    }

    // The team's channel has the update and the note (marked internal); the customer's
    // integration the update alone, as Statuspage JSON; every post signed.
    const slack = await env.hooks.received('/team-slack');
    const integration = await env.hooks.received('/customer-integration');
    assert.ok([...slack, ...integration].every((p) => p.signatureValid), 'every post is signed');
    assert.deepEqual(slack.map((p) => p.headers['herald-event']), ['incident.update', 'incident.internal_note']);
    assert.ok(slack[1].body.includes('Replica lag') && slack[1].body.includes('Internal note'), slack[1].body);
    assert.equal(integration.length, 1, JSON.stringify(integration.map((p) => p.headers['herald-event'])));
    assert.equal(integration[0].json.incident.id, INCIDENT);
    assert.ok(integration[0].json.incident.incident_updates[0].body.startsWith(PUBLIC_FIRST.slice(0, 40)));
    assert.ok(!integration[0].body.includes('Replica lag'), 'no note in the integration\'s post');

    const ana = anaMail.find(isUpdate);
    const bo = boMail.find(isUpdate);
    for (const [message, to, lang] of [[ana, ANA, 'en'], [bo, BO, 'zh-CN']]) {
      assert.deepEqual(message.envelopeTo, [to]);
      assert.equal(message.from.replaceAll('"', ''), FROM);
      assert.match(message.headers['list-unsubscribe'],
        new RegExp(`^<http://127\\.0\\.0\\.1:${env.port}/subscriptions/unsubscribe\\?token=[^>\\s]+>$`));
      assert.equal(message.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
      assert.ok(message.inReplyTo, 'In-Reply-To is set');
      assert.ok(message.references.includes(message.inReplyTo), 'References names the thread');
      assert.notEqual(message.messageId, message.inReplyTo);
      assert.ok(message.text.includes(PUBLIC_FIRST), 'the update text is in the text part');
      assert.ok(message.html.includes('some orders are still slow to confirm'), 'and in the HTML part');
      assert.ok(!message.text.includes('{') && !message.html.includes('{{'), 'no placeholder left');
      assert.match(message.html, new RegExp(`<html[^>]*\\slang="${lang}"`));
      // The manage and unsubscribe links, in both parts.
      const manage = linkIn(message, 'manage');
      const unsubscribe = linkIn(message, 'unsubscribe');
      assert.equal(`<${unsubscribe}>`, message.headers['list-unsubscribe']);
      assert.ok(message.html.includes(manage.replaceAll('&', '&amp;')) || message.html.includes(manage));
      mail[to].update = message;
      mail[to].manage = manage;
      mail[to].unsubscribe = unsubscribe;
    }
    assert.doesNotMatch(ana.subject, CJK);
    assert.match(ana.headers['content-language'], /^en/);
    assert.match(bo.subject, CJK, 'the Chinese subject');
    assert.match(bo.text, CJK, 'the Chinese text');
    assert.match(bo.headers['content-language'], /^zh-CN/);
    assert.equal(ana.inReplyTo, bo.inReplyTo, 'one thread per incident');

    // Each email as a phone shows it; its link to the incident lands on the page in the
    // reader's language, which has the update.
    await siteLive(env.server.url);
    for (const [message, lang] of [[ana, 'en'], [bo, 'zh-CN']]) {
      const customer = await phone();
      await customer.page.setContent(message.html);
      await customer.page.screenshot({ path: shot(`email-${lang}`), fullPage: true });
      const incidentLink = await customer.page.locator(`a[href*="/incidents/${INCIDENT}/"]`).first().getAttribute('href');
      assert.ok(incidentLink.startsWith(`${env.server.url}status/${lang === 'en' ? '' : `${lang}/`}incidents/`), incidentLink);
      const landed = await customer.page.goto(incidentLink);
      assert.equal(landed.status(), 200, incidentLink);
      assert.equal(await customer.page.locator('html').getAttribute('lang'), lang);
      await customer.page.getByText('some orders are still slow to confirm', { exact: false }).first().waitFor(WAIT);
      assert.deepEqual(customer.errors, []);
      await customer.context.close();
    }
  });

  test('ana unsubscribes with one click, bo from the manage page; then nobody gets anything more', async () => {
    // Ana's mail client: RFC 8058's POST to the List-Unsubscribe URL.
    const oneClick = await fetch(mail[ANA].unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(oneClick.status, 200, await oneClick.text());

    // Bo: the manage link from his email, then the Unsubscribe button.
    const bo = await phone();
    await bo.page.goto(mail[BO].manage);
    assert.equal(await bo.page.locator('html').getAttribute('lang'), 'zh-CN');
    await bo.page.getByTestId('subscribe-form').waitFor(WAIT);
    await bo.page.screenshot({ path: shot('manage-zh-CN'), fullPage: true });
    await bo.page.getByTestId('subscription-button').click();
    await bo.page.getByTestId('subscription-sentence').waitFor(WAIT);
    assert.equal(await bo.page.getByTestId('subscribe-form').count(), 0);
    assert.equal(await bo.page.getByTestId('subscription-button').count(), 0);
    assert.match(await bo.page.getByTestId('subscription-title').textContent(), CJK);
    await bo.page.screenshot({ path: shot('unsubscribed-zh-CN'), fullPage: true });
    assert.deepEqual(bo.errors, []);
    await bo.context.close();

    const before = (await env.receiver.messages()).length;
    const updates = await publishFromConsole(PUBLIC_SECOND);
    const second = updates.filter((u) => u.audience === 'public').at(-1);
    assert.ok(second.text.startsWith(PUBLIC_SECOND));
    await sleep(QUIET_MS);
    const deliveries = await (await fetch(new URL(`/api/v1/incidents/${INCIDENT}/deliveries`, env.server.url), {
      headers: { authorization: `Bearer ${WRITE_TOKEN}` },
    })).json();
    assert.equal(deliveries.update, second.id);
    assert.deepEqual([deliveries.done, deliveries.pending, deliveries.failed], [0, 0, 0], JSON.stringify(deliveries));
    assert.equal((await env.receiver.messages()).length, before, 'nobody gets anything more');

    const listed = await fetch(new URL('/api/v1/subscribers', env.server.url), {
      headers: { authorization: `Bearer ${WRITE_TOKEN}` },
    });
    assert.equal(listed.status, 200);
    const subscribers = await listed.json();
    assert.deepEqual(subscribers.map((s) => s.email), [CAROL], JSON.stringify(subscribers));
  });
});
