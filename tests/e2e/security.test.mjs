// Security review, checked: the write and read tokens never appear in a URL or a log line, and
// are never sent to a public endpoint; the read side of a public page sends no credentials.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { artifacts, openPage, root, serverAndBrowser, startServer, waitSent, WRITE_TOKEN } from './harness.mjs';

const READ_TOKEN = 'e2e-read-token-e2e-read-token-e2e-read-token';

const WAIT = { timeout: 15_000 };
const PUBLIC = /\/api\/v2\/|\/history\.atom|\/widget\/|\/status\/|\/support\//;

describe('tokens', { timeout: 120_000 }, () => {
  // Every request logged, at the most talkative level, so a leak would show.
  const env = serverAndBrowser({ env: { RUST_LOG: 'herald_server=debug,tower_http=debug' } });

  test('the write token is never in a URL, never sent to a public endpoint, never logged', async () => {
    const { context, page, errors } = await openPage(env.browser);
    const requests = [];
    context.on('request', async (request) => {
      requests.push({ url: request.url(), authorization: await request.headerValue('authorization') });
    });
    await page.goto(`${env.server.url}console/`);
    await page.getByTestId('token-input').fill(WRITE_TOKEN);
    await page.getByTestId('token-save').click();
    await page.getByTestId('author-input').fill('Amara Okafor');
    await page.getByTestId('author-save').click();
    await page.getByTestId('template-select').waitFor(WAIT);
    await page.getByTestId('holding-update').click();
    await page.getByTestId('holding-confirm-publish').click();
    await waitSent(page, 1);
    for (const at of ['status/', 'support/', 'widget/?mode=full', '']) {
      await page.goto(`${env.server.url}${at}`);
      await page.waitForTimeout(800);
    }
    assert.ok(requests.some((r) => r.authorization?.includes(WRITE_TOKEN)), 'control: the write did carry the token');
    assert.deepEqual(requests.filter((r) => r.url.includes(WRITE_TOKEN)).map((r) => r.url), [], 'no token in a URL');
    const leaked = requests.filter((r) => PUBLIC.test(new URL(r.url).pathname) && r.authorization);
    assert.deepEqual(leaked.map((r) => r.url), [], 'no credentials sent to public endpoints');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const logs = env.server.logs();
    assert.ok(logs.includes('write committed'), 'control: the write was logged');
    assert.ok(!logs.includes(WRITE_TOKEN), 'the token is not in the server log');
    console.log(`security: ${requests.length} requests checked, ${logs.split('\n').length} log lines scanned, 0 token leaks`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a read token from config.json goes only in the header of internal reads, never in a URL, a log or a public request', async () => {
    // The app as an operator deploys it for a protected feed: config.json beside it names the token.
    const dist = path.join(mkdtempSync(path.join(artifacts, 'dist-')), 'dist');
    cpSync(path.join(root, 'dist'), dist, { recursive: true });
    writeFileSync(path.join(dist, 'config.json'), JSON.stringify({ token: READ_TOKEN, poll_seconds: 2 }));
    const guarded = await startServer({ dist, readToken: READ_TOKEN, env: { RUST_LOG: 'herald_server=debug,tower_http=debug' } });
    try {
      const anonymous = await fetch(new URL('/api/v1/feed', guarded.url));
      assert.equal(anonymous.status, 401, 'control: the feed needs the read token');
      const { context, page, errors } = await openPage(env.browser);
      const requests = [];
      context.on('request', async (request) => {
        requests.push({ url: request.url(), authorization: await request.headerValue('authorization') });
      });
      await page.goto(guarded.url);
      await page.locator('[data-testid=sync-ok]').waitFor(WAIT);
      await page.getByTestId('incident-title').first().waitFor(WAIT);
      for (const at of ['status/', 'support/', 'widget/?mode=full']) {
        await page.goto(`${guarded.url}${at}`);
        await page.waitForTimeout(800);
      }
      const internal = requests.filter((r) => new URL(r.url).pathname === '/api/v1/feed');
      assert.ok(internal.length > 0 && internal.every((r) => r.authorization === `Bearer ${READ_TOKEN}`),
        'control: every internal read carried the token in its header');
      assert.deepEqual(requests.filter((r) => new URL(r.url).pathname === '/api/v1/events').map((r) => r.url), [],
        'no event stream: EventSource cannot send a header, and the token never goes in its URL');
      assert.deepEqual(requests.filter((r) => r.url.includes(READ_TOKEN)).map((r) => r.url), [], 'no token in a URL');
      const leaked = requests.filter((r) => PUBLIC.test(new URL(r.url).pathname) && r.authorization);
      assert.deepEqual(leaked.map((r) => r.url), [], 'no credentials sent to public endpoints');
      const logs = guarded.logs();
      assert.ok(logs.includes('/api/v1/feed'), 'control: the reads were logged');
      assert.ok(!logs.includes(READ_TOKEN), 'the read token is not in the server log');
      console.log(`security (read token): ${requests.length} requests checked, ${internal.length} internal reads with the header, ${logs.split('\n').length} log lines scanned, 0 token leaks`);
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await guarded.stop();
    }
  });
});
