// Live feed speed (a benchmark, not a test: it prints figures and asserts nothing).
//   1. Time from an API POST to the update shown in a second browser, p50 and p95 over 50
//      updates, over server-sent events.
//   2. Render time of a feed with 10,000 updates (200 incidents, 10 open): from the feed's
//      arrival to the catch-up cards and the first page of the timeline on screen.
//
//   node tests/e2e/bench-live.mjs      (after `trunk build --release` and a server build)
import { launchBrowser, openPage, postUpdate, startServer } from './harness.mjs';

const INCIDENT = 'inc-2026-11-20-flash-sale-orders';
const UPDATES = Number(process.env.UPDATES ?? 50);
const RENDER_RUNS = Number(process.env.RUNS ?? 5);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))];

function bigFeed() {
  const components = Array.from({ length: 40 }, (_, i) => ({
    id: `c${i}`, name: `Component ${i}`, group: `Group ${i % 5}`, status: i % 7 === 0 ? 'degraded_performance' : 'operational',
  }));
  const start = Date.parse('2026-11-01T00:00:00Z');
  const incidents = Array.from({ length: 200 }, (_, i) => {
    const open = i >= 190;
    const updates = Array.from({ length: 50 }, (_, j) => {
      const last = j === 49;
      return {
        id: `u-${i}-${String(j).padStart(3, '0')}`,
        at: new Date(start + i * 3_600_000 + j * 60_000).toISOString(),
        audience: j % 3 === 0 ? 'public' : 'internal',
        status: last && !open ? 'resolved' : ['investigating', 'identified', 'monitoring'][j % 3],
        author: 'Bench Author',
        text: `Update ${j} on incident ${i}: **checkout** latency is ${j * 3} ms above normal; see [the dashboard](https://example.com/d/${i}).`,
        version: i * 50 + j + 1,
      };
    });
    return {
      id: `inc-${i}`, title: `Generated incident ${i}`, impact: 'minor', severity: 'SEV3',
      started_at: updates[0].at, ...(open ? {} : { resolved_at: updates[49].at }),
      components: [`c${i % 40}`], cadence_minutes: 30, roles: [], updates,
    };
  });
  return { schema: '1.0', version: 10_000, page: { name: 'Bench', time_zone: 'Europe/Berlin', locale: 'en' }, components, incidents, maintenances: [] };
}

const server = await startServer();
const browser = await launchBrowser();
try {
  // 1. POST to shown.
  const { page } = await openPage(browser);
  await page.addInitScript(() => {
    window.__seen = {};
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-update-id]')) {
        if (!(el.dataset.updateId in window.__seen)) window.__seen[el.dataset.updateId] = Date.now();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.url);
  await page.locator('[data-testid=sync-ok].live').waitFor({ timeout: 15_000 });
  const latencies = [];
  for (let n = 0; n < UPDATES; n += 1) {
    const sent = Date.now();
    const answer = await postUpdate(server.url, INCIDENT, {
      audience: n % 2 ? 'internal' : 'public', status: 'identified', author: 'Bench', text: `Bench update ${n}`,
    });
    const id = answer.update.id;
    await page.waitForFunction((updateId) => updateId in window.__seen, id, { timeout: 10_000, polling: 5 });
    const shown = await page.evaluate((updateId) => window.__seen[updateId], id);
    latencies.push(shown - sent);
    await page.waitForTimeout(100);
  }
  latencies.sort((a, b) => a - b);
  console.log(`POST to shown in a second browser, ${UPDATES} updates over events: p50 ${percentile(latencies, 0.5)} ms, p95 ${percentile(latencies, 0.95)} ms, max ${latencies.at(-1)} ms`);

  // 2. Rendering 10,000 updates.
  const feed = JSON.stringify(bigFeed());
  const timings = [];
  for (let run = 0; run < RENDER_RUNS; run += 1) {
    const { context, page: big } = await openPage(browser);
    let delivered = 0;
    await big.route('**/api/v1/feed', (route) => {
      delivered = Date.now();
      return route.fulfill({ status: 200, contentType: 'application/json', body: feed });
    });
    await big.goto(`${server.url}?events=off`);
    await big.locator('[data-testid=timeline-entry]').first().waitFor({ timeout: 60_000 });
    await big.getByTestId('incident').nth(9).waitFor({ timeout: 60_000 });
    // One more frame, so the measurement includes layout and paint of what is on screen.
    const painted = await big.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(Date.now()))));
    timings.push(painted - delivered);
    await context.close();
  }
  timings.sort((a, b) => a - b);
  console.log(`render a feed of 10,000 updates (${(feed.length / 1e6).toFixed(1)} MB, 10 open incidents): median ${percentile(timings, 0.5)} ms, max ${timings.at(-1)} ms over ${RENDER_RUNS} loads`);
  console.log('reproduce: trunk build --release && cargo build -p herald-server && node tests/e2e/bench-live.mjs');
} finally {
  await browser.close();
  await server.stop();
}
