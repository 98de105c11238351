// Small DOM helpers: elements built with h() never go through innerHTML, so API data is always text, never markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(element, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An HTML element: h('a', {href: '#/runs'}, 'Runs'). */
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** "2026-12-01 16:15:30" in the browser's time zone; the ISO instant as its title. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '–');
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  const text = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `
    + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return h('time', { datetime: iso, title: iso }, text);
}

/** 850 ms, 12.4 s, 3 min 5 s, 2 h 4 min. */
export function duration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

/** Milliseconds between two instants, or null. */
export function between(from, to) {
  return from && to ? new Date(to) - new Date(from) : null;
}

/** A status as a coloured badge: class status-succeeded etc. */
export function badge(status) {
  const text = status || 'UNKNOWN';
  return h('span', { class: `badge status-${text.toLowerCase().replace(/[^a-z]+/g, '-')}` }, text);
}

/** Any JSON value, pretty-printed. */
export function json(value) {
  return h('pre', { class: 'json' }, h('code', {}, value === undefined ? '–' : JSON.stringify(value, null, 2)));
}

/** A definition list from [label, value] pairs; pairs whose value is empty are left out. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))));
}

/** An error and its cause, as the API shows them ({error, cause}). */
export function errorBox(error) {
  if (!error) return null;
  return h('div', { class: 'error-box', role: 'note' },
    h('strong', {}, error.error || 'Error'), error.cause ? h('p', {}, error.cause) : null);
}

/** Shows a problem (an ApiError or any error) in the banner above the page. */
export function showProblem(e) {
  const banner = document.getElementById('problem');
  const p = e && e.problem ? e.problem : { title: 'Something went wrong', detail: String(e && e.message || e) };
  const status = e && e.status ? ` (HTTP ${e.status})` : '';
  banner.replaceChildren(
    h('strong', {}, `${p.title || 'Error'}${status}`),
    p.detail ? h('span', {}, ` ${p.detail}`) : null,
    h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', onclick: clearProblem }, '×'));
  banner.hidden = false;
}

export function clearProblem() {
  const banner = document.getElementById('problem');
  banner.hidden = true;
  banner.replaceChildren();
}

/** Runs an action from a button: disables it meanwhile, shows a problem if it fails. */
export async function act(button, action) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    clearProblem();
    return await action();
  } catch (e) {
    showProblem(e);
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
