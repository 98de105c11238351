// The console: hash routes (#/runs?status=FAILED, #/runs/<id>, ...), one module per view. A view's render(ctx)
// returns the page's content; errors become the problem banner.
import { config } from './api.js';
import { h, showProblem, clearProblem } from './dom.js';
import * as runs from './views/runs.js';
import * as run from './views/run.js';
import * as workflows from './views/workflows.js';
import * as triggers from './views/triggers.js';
import * as deadLetters from './views/dead-letters.js';

const ROUTES = [
  [/^\/runs\/([^/]+)$/, 'runs', run.render],
  [/^\/runs$/, 'runs', runs.render],
  [/^\/workflows\/([^/]+)$/, 'workflows', workflows.renderOne],
  [/^\/workflows$/, 'workflows', workflows.render],
  [/^\/triggers$/, 'triggers', triggers.render],
  [/^\/dead-letters$/, 'dead-letters', deadLetters.render],
];

let rendering = 0;

/** "#/runs?status=FAILED" -> {path: "/runs", params: URLSearchParams}. */
function location() {
  const raw = window.location.hash.replace(/^#/, '') || '/runs';
  const at = raw.indexOf('?');
  return { path: at < 0 ? raw : raw.slice(0, at), params: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)) };
}

/** Goes to `path` with `params` (empty values left out). */
export function go(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') query.set(k, v);
  const hash = `#${path}${query.toString() ? `?${query}` : ''}`;
  if (window.location.hash === hash) route(); else window.location.hash = hash;
}

async function route() {
  const main = document.getElementById('main');
  const { path, params } = location();
  const found = ROUTES.map(([pattern, nav, render]) => ({ match: path.match(pattern), nav, render }))
    .find((r) => r.match);
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (found && link.dataset.nav === found.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  clearProblem();
  const mine = ++rendering;
  main.setAttribute('aria-busy', 'true');
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  try {
    if (!found) throw new Error(`No page at #${path}`);
    const ctx = { config: await config(), params, match: found.match, go, refresh: route };
    const content = await found.render(ctx);
    if (mine === rendering) main.replaceChildren(content);
  } catch (e) {
    if (mine === rendering) {
      main.replaceChildren(h('p', { class: 'empty' }, 'This page could not be loaded. ',
        h('button', { type: 'button', onclick: route }, 'Try again')));
      showProblem(e);
    }
  } finally {
    if (mine === rendering) main.removeAttribute('aria-busy');
  }
}

async function start() {
  try {
    const c = await config();
    document.getElementById('target').textContent = c.local ? `local stack ${c.api}` : c.api;
  } catch (e) {
    showProblem(e);
  }
  window.addEventListener('hashchange', route);
  route();
}

start();
