// The iframe form: /widget/?source=…&components=…&theme=…&lang=…&mode=… become the element's
// attributes, so a host that cannot run scripts of ours can still frame the widget.
(() => {
  const params = new URLSearchParams(location.search);
  const widget = document.querySelector('herald-status');
  for (const name of ['source', 'components', 'theme', 'lang', 'mode']) {
    const value = params.get(name);
    if (value) widget.setAttribute(name, value);
  }
})();
