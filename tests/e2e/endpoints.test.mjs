// Hostile endpoints: a feed source that closes mid-body, sends garbage, sends a huge document,
// or flips between good and bad. The app says what is wrong, keeps the last good feed, never
// panics (a panic is a console error, which fails the test), and recovers by itself.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { openPage, serverAndBrowser } from './harness.mjs';

const WAIT = { timeout: 20_000 };

describe('hostile endpoints', { timeout: 240_000 }, () => {
  const env = serverAndBrowser();
  let source;
  let good;
  let mode = 'good';
  let requests = 0;

  before(async () => {
    good = await (await fetch(new URL('/api/v1/feed', env.server.url))).text();
    source = createServer((request, response) => {
      requests += 1;
      const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
      const current = mode === 'flip' ? (requests % 2 ? 'good' : 'garbage') : mode;
      if (current === 'good') {
        response.writeHead(200, headers);
        response.end(good);
      } else if (current === 'close-mid-body') {
        response.writeHead(200, { ...headers, 'content-length': String(good.length) });
        response.write(good.slice(0, 500));
        setTimeout(() => response.socket.destroy(), 50);
      } else if (current === 'garbage') {
        response.writeHead(200, headers);
        response.end(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
      } else if (current === 'huge') {
        response.writeHead(200, headers);
        // 20 MB: a valid JSON array of strings, not a feed.
        const chunk = `"${'x'.repeat(1_000)}",`;
        response.write('[');
        for (let i = 0; i < 20_000; i += 1) response.write(chunk);
        response.end('"end"]');
      }
    });
    await new Promise((resolve) => source.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    source?.close();
  });

  const cases = [
    { mode: 'close-mid-body', expect: /cut off|cannot be reached|not valid JSON/ },
    { mode: 'garbage', expect: /not valid JSON/ },
    { mode: 'huge', expect: /not a Herald feed|schema/ },
  ];
  for (const { mode: bad, expect } of cases) {
    test(`a source that ${bad === 'huge' ? 'sends 20 MB that is not a feed' : bad === 'garbage' ? 'sends garbage bytes' : 'closes mid-body'}: said plainly, last good feed kept, recovered`, async () => {
      mode = 'good';
      const { context, page, errors } = await openPage(env.browser);
      const feedUrl = `http://127.0.0.1:${source.address().port}/feed`;
      await page.goto(`${env.server.url}?source=${encodeURIComponent(feedUrl)}&poll=1`);
      await page.getByTestId('incident-title').first().waitFor(WAIT);
      mode = bad;
      const stale = page.getByTestId('sync-stale');
      await stale.waitFor(WAIT);
      assert.match(await stale.textContent(), expect);
      assert.ok(await page.getByTestId('incident-title').count() > 0, 'the last good feed stays');
      mode = 'good';
      await page.getByTestId('sync-ok').waitFor({ timeout: 30_000 });
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('a source that flips between good and bad never loses the feed and ends up current', async () => {
    mode = 'flip';
    const { context, page, errors } = await openPage(env.browser);
    const feedUrl = `http://127.0.0.1:${source.address().port}/feed`;
    await page.goto(`${env.server.url}?source=${encodeURIComponent(feedUrl)}&poll=1`);
    await page.getByTestId('incident-title').first().waitFor(WAIT);
    let sawStale = false;
    for (let i = 0; i < 20; i += 1) {
      await page.waitForTimeout(300);
      sawStale ||= (await page.getByTestId('sync-stale').count()) > 0;
      assert.ok(await page.getByTestId('incident-title').count() > 0, 'never blank');
    }
    assert.ok(sawStale, 'the bad answers were shown');
    mode = 'good';
    await page.getByTestId('sync-ok').waitFor({ timeout: 30_000 });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
