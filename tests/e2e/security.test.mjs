// Security review, checked: the write token never appears in a URL or a log line, and is never
// sent to a public endpoint; the read side of a public page sends no credentials at all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { WRITE_TOKEN, launchBrowser, openPage, startServer } from './harness.mjs';

const WAIT = { timeout: 15_000 };
const PUBLIC = /\/api\/v2\/|\/history\.atom|\/widget\/|\/status\/|\/support\//;

describe('tokens', { timeout: 120_000 }, () => {
  let server;
  let browser;

  before(async () => {
    // Every request logged, at the most talkative level, so a leak would show.
    server = await startServer({ env: { RUST_LOG: 'herald_server=debug,tower_http=debug' } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the write token is never in a URL, never sent to a public endpoint, never logged', async () => {
    const { context, page, errors } = await openPage(browser);
    const requests = [];
    context.on('request', async (request) => {
      requests.push({ url: request.url(), authorization: await request.headerValue('authorization') });
    });
    await page.goto(`${server.url}console/`);
    await page.getByTestId('token-input').fill(WRITE_TOKEN);
    await page.getByTestId('token-save').click();
    await page.getByTestId('template-select').waitFor(WAIT);
    await page.getByTestId('holding-update').click();
    await page.getByTestId('publish').click();
    await page.locator('[data-testid=outbox-item][data-state=sent]').first().waitFor(WAIT);
    for (const at of ['status/', 'support/', 'widget/?mode=full', '']) {
      await page.goto(`${server.url}${at}`);
      await page.waitForTimeout(800);
    }
    assert.ok(requests.some((r) => r.authorization?.includes(WRITE_TOKEN)), 'control: the write did carry the token');
    assert.deepEqual(requests.filter((r) => r.url.includes(WRITE_TOKEN)).map((r) => r.url), [], 'no token in a URL');
    const leaked = requests.filter((r) => PUBLIC.test(new URL(r.url).pathname) && r.authorization);
    assert.deepEqual(leaked.map((r) => r.url), [], 'no credentials sent to public endpoints');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const logs = server.logs();
    assert.ok(logs.includes('write committed'), 'control: the write was logged');
    assert.ok(!logs.includes(WRITE_TOKEN), 'the token is not in the server log');
    console.log(`security: ${requests.length} requests checked, ${logs.split('\n').length} log lines scanned, 0 token leaks`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
