// Herald's status site: what a browser may add to pages that read completely without it.
// Times move into the reader's own zone, ages read "12 min ago", the theme can be chosen, and the
// page refreshes itself when the published summary says something changed. It never builds the
// page: a refresh swaps in the newly published HTML of this same page. Failing, it says so and
// leaves the last good page on screen.
(() => {
  const root = new URL(document.querySelector('meta[name="herald-root"]').content || './', location.href);
  const lang = document.documentElement.lang || 'en';
  const THEME = 'herald:theme';

  function sameDay(a, b, zone) {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    return day.format(a) === day.format(b);
  }

  // The zone's usual name ("CET", "EST", "北美东部标准时间"), not "GMT+1" where one exists:
  // English asks British and American English in turn, Chinese its long name.
  function zoneName(at, zone) {
    const name = (locale, style) => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style })
      .formatToParts(at).find((p) => p.type === 'timeZoneName')?.value || '';
    const tries = lang.startsWith('zh') ? [['zh-CN', 'short'], ['zh-CN', 'long']] : [['en-GB', 'short'], ['en-US', 'short']];
    if (lang.startsWith('zh') && zone === 'Asia/Shanghai') return '北京时间';
    for (const [locale, style] of tries) {
      const found = name(locale, style);
      if (found && !/^(GMT|UTC)[+-]/.test(found)) return found;
    }
    return name(tries[0][0], 'short');
  }

  // Each <time> in the reader's zone, named; the page's own wording stays as the tooltip.
  function localTimes(scope) {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const now = new Date();
    for (const el of scope.querySelectorAll('time[datetime]')) {
      const at = new Date(el.getAttribute('datetime'));
      if (Number.isNaN(at.getTime())) continue;
      const options = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone };
      if (!sameDay(at, now, zone)) Object.assign(options, { weekday: 'short', day: 'numeric', month: 'short' });
      if (at.getFullYear() !== now.getFullYear()) options.year = 'numeric';
      if (!el.dataset.published) el.dataset.published = el.textContent;
      el.title = el.dataset.published;
      const clock = new Intl.DateTimeFormat(lang, options).format(at);
      const named = zoneName(at, zone);
      let text = named === '北京时间' ? `${named} ${clock}` : `${clock} ${named}`;
      const minutes = Math.round((now - at) / 60000);
      if (minutes >= 0 && minutes < 24 * 60 && el.closest('.public-update')) {
        const ago = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
        // Intl's "this minute" (此刻) reads oddly beside a clock time; people say "just now".
        const just = lang.startsWith('zh') ? '刚刚' : 'just now';
        text += ` (${minutes < 1 ? just : minutes < 60 ? ago.format(-minutes, 'minute') : ago.format(-Math.floor(minutes / 60), 'hour')})`;
      }
      el.textContent = text;
    }
  }

  function theme() {
    const select = document.querySelector('[data-testid="theme-select"]');
    if (!select) return;
    let saved = 'system';
    try { saved = localStorage.getItem(THEME) || 'system'; } catch (_) { /* storage refused */ }
    const apply = (value) => {
      if (value === 'system') document.documentElement.removeAttribute('data-theme');
      else document.documentElement.setAttribute('data-theme', value);
    };
    select.value = saved;
    apply(saved);
    select.closest('label').hidden = false;
    select.addEventListener('change', () => {
      apply(select.value);
      try { localStorage.setItem(THEME, select.value); } catch (_) { /* storage refused */ }
    });
  }

  const stale = document.querySelector('[data-testid="stale"]');
  let updated = document.querySelector('meta[name="herald-updated"]').content;
  let delay = 30000;
  let lastSummary = null;

  async function refresh() {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10000);
    try {
      const summary = await fetch(new URL('api/v2/summary.json', root), { cache: 'no-cache', signal: controller.signal });
      if (!summary.ok) throw new Error(`summary ${summary.status}`);
      const text = await summary.text();
      const latest = JSON.parse(text).page.updated_at;
      // A new update moves updated_at; a component or maintenance change only the document.
      const changed = Date.parse(latest) !== Date.parse(updated) || (lastSummary !== null && text !== lastSummary);
      lastSummary = text;
      if (changed) {
        const page = await fetch(location.href, { cache: 'no-cache', signal: controller.signal });
        if (!page.ok) throw new Error(`page ${page.status}`);
        const next = new DOMParser().parseFromString(await page.text(), 'text/html');
        const main = next.querySelector('main');
        if (!main) throw new Error('page without main');
        document.querySelector('main').replaceWith(document.adoptNode(main));
        updated = next.querySelector('meta[name="herald-updated"]').content;
        localTimes(document);
      }
      stale.hidden = true;
      delay = 30000;
    } catch (_) {
      stale.hidden = false;
      delay = Math.min(delay * 2, 300000);
    } finally {
      clearTimeout(timer);
      setTimeout(refresh, delay);
    }
  }

  // A first visit goes to the reader's language; a choice made with the language link sticks.
  // Only the page language's own pages (at the root) move: a link to another language's page
  // names its language in the address (`/zh-CN/…`), and a reader who was sent one reads that.
  function language() {
    const LANGUAGE = 'herald:site-language';
    const link = document.querySelector('[data-testid="locale-switch"]');
    if (!link) return false;
    let chosen = null;
    // Herald's apps keep their language choice under herald:locale; the site follows it too.
    try { chosen = localStorage.getItem(LANGUAGE) || localStorage.getItem('herald:locale'); } catch (_) { /* storage refused */ }
    link.addEventListener('click', () => {
      try { localStorage.setItem(LANGUAGE, link.hreflang); } catch (_) { /* storage refused */ }
    });
    if (location.pathname.startsWith(`${root.pathname}${lang}/`)) return false;
    const wanted = chosen || ((navigator.languages || [navigator.language]).map((l) => (/^zh(-(cn|sg|hans).*)?$/i.test(l) ? 'zh-CN' : (/^en\b/i.test(l) ? 'en' : null))).find(Boolean)) || lang;
    if (wanted !== lang && wanted === link.hreflang) {
      location.replace(link.href);
      return true;
    }
    return false;
  }

  if (language()) return;
  localTimes(document);
  theme();
  setTimeout(refresh, delay);
  setInterval(() => localTimes(document), 60000);
})();
