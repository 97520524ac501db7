// <herald-status>, Herald's status widget: what and why in README.md ("The public status page,
// the widget and the support kit"). Comments stay short: every host page downloads them.
(() => {
  if (!window.customElements || customElements.get('herald-status')) return;
  const here = document.currentScript && document.currentScript.src;
  const defaultSource = here ? new URL('../api/v2/summary.json', here).href : '/api/v2/summary.json';

  // Status words are the domain's labels, exactly (domain/tests/widget_words.rs).
  const WORDS = {
    en: {
      none: 'All Systems Operational', maintenance: 'Service Under Maintenance', minor: 'Minor Service Outage',
      major: 'Partial System Outage', critical: 'Major System Outage', unavailable: 'Status unavailable',
      operational: 'Operational', degraded_performance: 'Degraded performance', partial_outage: 'Partial outage',
      major_outage: 'Major outage', under_maintenance: 'Under maintenance', more: 'Details', next: 'Next update by ', updated: 'Updated %', just: 'Updated just now',
      fallback: 'Shown in Chinese: no English text was published.',
    },
    'zh-CN': {
      none: '所有系统运行正常', maintenance: '系统维护中', minor: '轻微服务中断', major: '部分系统中断',
      critical: '重大系统中断', unavailable: '状态暂不可用', operational: '正常运行', degraded_performance: '性能下降',
      partial_outage: '部分中断', major_outage: '严重中断', under_maintenance: '维护中', more: '详情', next: '下次更新时间：', updated: '%更新', just: '刚刚更新',
      fallback: '以英文显示：未发布中文内容。',
    },
  };

  // `:host` resets what would be inherited: an important rule from the inner context beats the host's.
  const CSS = `
:host { all: initial !important; display: block !important; contain: content; }
.w { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; text-align: start; overflow-wrap: anywhere; --bg: #fff; --fg: #1b1f24; --muted: #5a6472; --line: #d9dee5; --ok: #1a7f37; --minor: #9a6700; --major: #bc4c00; --critical: #c0262d; --maint: #0b62c4;
  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.w.dark { --bg: #181c22; --fg: #e6e9ee; --muted: #9aa4b2; --line: #2c333d; --ok: #4ac26b; --minor: #d4a72c; --major: #f0883e; --critical: #ff6b6b; --maint: #58a6ff; }
.head { display: flex; align-items: center; gap: 8px; font-weight: 600; margin: 0; }
.dot { width: 10px; height: 10px; border-radius: 50%; background: var(--muted); flex: none; }
.none .dot, .operational { background: var(--ok); } .minor .dot, .degraded_performance { background: var(--minor); }
.major .dot, .partial_outage { background: var(--major); } .critical .dot, .major_outage { background: var(--critical); }
.maintenance .dot, .under_maintenance { background: var(--maint); }
.banner { margin: 6px 0 0; padding: 6px 8px; border-left: 3px solid var(--major); color: var(--fg); }
.banner b { display: block; } .banner p { margin: 2px 0 0; color: var(--muted); white-space: pre-line; }
ul { list-style: none; margin: 6px 0 0; padding: 0; }
li { display: flex; justify-content: space-between; gap: 12px; padding: 2px 0; border-top: 1px solid var(--line); }
li span:last-child { color: var(--muted); }
a { color: inherit; font-size: 12px; }
.unavailable { color: var(--muted); font-weight: 400; }`;

  let sheet = null;
  const styles = () => {
    if (sheet) return sheet;
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    return sheet;
  };
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    // Text in any script sets its own direction.
    if (text != null) (node.textContent = String(text)), (node.dir = 'auto');
    return node;
  };
  const clip = (text, limit) => {
    // Statuspage bodies carry a little HTML (<b>, <br />, <a>, <ul><li>): its tags go, its
    // words stay, and everything is set as text.
    const plain = String(text || '').replace(/<br\s*\/?>|<\/?(p|div|ul|ol|li)\b[^>]*>/gi, '\n')
      .replace(/<\/?(b|strong|i|em|a)\b[^>]*>/gi, '').replace(/\n{2,}/g, '\n').trim().replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    // Cut between what readers see as characters (an emoji, a letter with its accents).
    const g = Intl.Segmenter ? [...new Intl.Segmenter().segment(plain)].map((s) => s.segment) : [...plain];
    return g.length > limit ? `${g.slice(0, limit - 1).join('')}…` : plain;
  };
  // Herald's own `*_translations` beside a Statuspage field: the reader's language, else as written.
  const tr = (o, key, lang) => (o && o[`${key}_translations`] && o[`${key}_translations`][lang]) || (o && o[key]);
  // Best to worst, as in the domain: a component status and the indicator it implies share an index.
  const INDICATORS = ['none', 'maintenance', 'minor', 'major', 'critical'];
  const STATES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];

  class HeraldStatus extends HTMLElement {
    static get observedAttributes() { return ['source', 'components', 'theme', 'lang', 'mode']; }

    constructor() {
      super();
      this.root = this.attachShadow({ mode: 'open' });
      try { this.root.adoptedStyleSheets = [styles()]; } catch (e) { /* very old browser: unstyled but working */ }
      this.last = null;
      this.failed = false;
    }

    connectedCallback() { this.refresh(); this.timer = setInterval(() => this.refresh(), 60_000); }

    disconnectedCallback() { clearInterval(this.timer); }

    attributeChangedCallback(name, before, after) {
      if (!this.isConnected || before === after) return;
      // A new source is a new document, not a new look at the old one.
      if (name === 'source') { this.last = null; this.refresh(); } else { this.render(); }
    }

    async refresh() {
      const source = this.getAttribute('source') || defaultSource;
      // Only the latest request may change what is shown; an older one can finish last.
      const ticket = (this.ticket = (this.ticket || 0) + 1);
      try {
        const controller = new AbortController();
        const timeout = setTimeout(() => controller.abort(), 10_000);
        const response = await fetch(source, { signal: controller.signal, credentials: 'omit' });
        clearTimeout(timeout);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const data = await response.json();
        if (!data || typeof data !== 'object' || !data.page) throw new Error('not a status document');
        if (ticket !== this.ticket) return;
        this.last = data;
        this.failed = false;
      } catch (e) {
        if (ticket !== this.ticket) return;
        this.failed = true; // keeps the last good status; says "unavailable" only with none
      }
      this.render();
    }

    render() {
      const lang = (this.getAttribute('lang') || document.documentElement.lang || 'en').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
      const words = WORDS[lang];
      const theme = this.getAttribute('theme') || 'auto';
      const dark = theme === 'dark' || (theme === 'auto' && window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches);
      const box = el('div', `w${dark ? ' dark' : ''}`);
      box.setAttribute('part', 'widget');
      const data = this.last;
      if (!data) {
        const head = el('p', 'head unavailable');
        head.append(el('span', 'dot'), el('span', null, this.failed ? words.unavailable : '…'));
        box.append(head);
        box.setAttribute('role', 'status');
        this.root.replaceChildren(box);
        return;
      }
      const wanted = (this.getAttribute('components') || '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      const leaves = (data.components || []).filter((c) => c && !c.group);
      const shown = wanted.length ? leaves.filter((c) => wanted.includes(String(c.id).toLowerCase()) || wanted.includes(String(c.name).toLowerCase())) : leaves;
      let indicator = data.status && INDICATORS.includes(data.status.indicator) ? data.status.indicator : 'none';
      if (wanted.length) {
        indicator = INDICATORS[shown.reduce((w, c) => Math.max(w, STATES.indexOf(c.status)), 0)];
      }
      const head = el('p', `head ${indicator}`);
      // With a component filter the reader needs to know what the status is about.
      const filtered = wanted.length && this.getAttribute('mode') !== 'full';
      const label = filtered
        ? `${shown.map((c) => tr(c, 'name', lang)).join(', ')}: ${words[STATES[INDICATORS.indexOf(indicator)]]}`
        : words[indicator];
      head.append(el('span', 'dot'), el('span', null, label));
      box.append(head);
      const incidents = (data.incidents || []).filter((i) => i && i.status !== 'resolved' && i.status !== 'postmortem');
      const relevant = wanted.length
        ? incidents.filter((i) => !(i.components || []).length || (i.components || []).some((c) => shown.some((s) => s.id === c.id)))
        : incidents;
      for (const incident of relevant.slice(0, 2)) {
        const latest = (incident.incident_updates || [])[0];
        const banner = el('div', 'banner');
        banner.append(el('b', null, clip(tr(incident, 'name', lang), 120)));
        if (latest) {
          const own = latest.language || data.page.locale || 'en';
          const body = tr(latest, 'body', lang);
          // Not in the reader's language: say so rather than pass it off as a translation.
          if (own !== lang && body === latest.body) banner.append(el('p', null, words.fallback));
          banner.append(el('p', null, clip(body, this.getAttribute('mode') === 'full' ? 600 : 200)));
          // How old the news is, so a reader can tell a live banner from a stale one.
          const minutes = Math.max(0, Math.round((Date.now() - Date.parse(latest.display_at || latest.created_at)) / 60000));
          if (Number.isFinite(minutes)) {
            const [n, unit] = minutes < 60 ? [minutes, 'minute'] : minutes < 2880 ? [Math.round(minutes / 60), 'hour'] : [Math.round(minutes / 1440), 'day'];
            banner.append(el('p', 'age', minutes < 1 ? words.just : words.updated.replace('%', new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(-n, unit))));
          }
        }
        const next = Date.parse(incident.next_update_at);
        if (next) {
          const at = new Date(next);
          const day = at.toDateString() === new Date().toDateString() ? {} : { month: 'short', day: 'numeric' };
          const when = at.toLocaleString(lang, { ...day, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
          // In the reader's zone, dated unless today, named as readers there do: CET (British
          // English), EST (American), else the offset; China's as 北京时间, first, for Chinese readers.
          const tz = (l) => new Intl.DateTimeFormat(l, { timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName').value;
          const zone = lang === 'en' ? [tz('en-GB'), tz('en-US')].find((z) => !/[+-]/.test(z)) || tz('en-GB') : tz(lang);
          const china = lang === 'zh-CN' && zone === 'GMT+8' && Intl.DateTimeFormat().resolvedOptions().timeZone === 'Asia/Shanghai';
          banner.append(el('p', null, `${words.next}${china ? `北京时间 ${when}` : `${when} ${zone}`}`));
        }
        box.append(banner);
      }
      if (this.getAttribute('mode') === 'full' && shown.length) {
        const list = el('ul');
        for (const component of shown) {
          const row = el('li');
          row.append(el('span', null, tr(component, 'name', lang)), el('span', null, words[component.status] || component.status));
          list.append(row);
        }
        box.append(list);
      }
      if (data.page && /^https?:\/\//.test(data.page.url || '')) {
        const link = el('a', null, words.more);
        link.href = data.page.url;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        box.append(link);
      }
      box.setAttribute('role', 'status');
      this.root.replaceChildren(box);
    }
  }

  customElements.define('herald-status', HeraldStatus);
})();
