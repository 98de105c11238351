// Runs, newest first: filters (trigger, workflow, status, from/to) live in the hash so a view can be linked;
// "Next page" follows nextToken, "Newer" goes back through the tokens this page has followed.
import { api, itemsOf } from '../api.js';
import { h, time, duration, between, badge } from '../dom.js';

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED'];
const FILTERS = ['triggerId', 'workflowId', 'status', 'from', 'to'];
const PAGE_SIZE = 20;

/** Tokens of the pages before this one, for the filters they were followed with. */
const trail = { filters: '', tokens: [] };

/** An ISO instant as a datetime-local value (browser time zone), and back. */
function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : '';
}

function filterForm(ctx, current) {
  const field = (label, name, control) => h('label', { class: 'field' }, h('span', {}, label), control);
  const form = h('form', { class: 'filters', 'aria-label': 'Filter runs' },
    field('Trigger', 'triggerId', h('input', { name: 'triggerId', value: current.triggerId || '', list: 'trigger-ids', autocomplete: 'off' })),
    field('Workflow', 'workflowId', h('input', { name: 'workflowId', value: current.workflowId || '', list: 'workflow-ids', autocomplete: 'off' })),
    field('Status', 'status', h('select', { name: 'status' },
      h('option', { value: '' }, 'any'),
      STATUSES.map((st) => h('option', { value: st, selected: current.status === st }, st)))),
    field('From', 'from', h('input', { type: 'datetime-local', name: 'from', value: toLocalInput(current.from) })),
    field('To', 'to', h('input', { type: 'datetime-local', name: 'to', value: toLocalInput(current.to) })),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit' }, 'Apply'),
      h('button', { type: 'button', class: 'secondary', onclick: () => ctx.go('/runs') }, 'Clear')),
    h('datalist', { id: 'trigger-ids' }), h('datalist', { id: 'workflow-ids' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    ctx.go('/runs', {
      triggerId: data.get('triggerId').trim(), workflowId: data.get('workflowId').trim(), status: data.get('status'),
      from: fromLocalInput(data.get('from')), to: fromLocalInput(data.get('to')),
    });
  });
  // Suggestions for the id fields; the lists may not exist on an older API: then the fields are plain text.
  for (const [path, id] of [['triggers', 'trigger-ids'], ['workflows', 'workflow-ids']]) {
    api(path, { query: { limit: 100 } }).then((data) => {
      form.querySelector(`#${id}`).replaceChildren(...itemsOf(data).map((item) => h('option', { value: item.id })));
    }, () => {});
  }
  return form;
}

function row(r) {
  const ms = r.durationMs ?? between(r.startedAt || r.createdAt, r.finishedAt);
  const version = r.workflowVersion ? h('span', { class: 'muted' }, ` v${r.workflowVersion}`) : null;
  return h('tr', { 'data-run': r.runId },
    h('td', {}, h('a', { href: `#/runs/${encodeURIComponent(r.runId)}`, class: 'mono', title: r.runId }, r.runId)),
    h('td', {}, r.workflowId, version),
    h('td', {}, r.triggerId || h('span', { class: 'muted' }, r.name ? `admin start “${r.name}”` : 'admin start')),
    h('td', {}, badge(r.status)),
    h('td', {}, time(r.createdAt)),
    h('td', { class: 'num' }, r.finishedAt || r.durationMs ? duration(ms) : h('span', { class: 'muted' }, '–')));
}

export async function render(ctx) {
  const current = Object.fromEntries(FILTERS.map((f) => [f, ctx.params.get(f) || '']));
  const filters = JSON.stringify(current);
  if (trail.filters !== filters) {
    trail.filters = filters;
    trail.tokens = [];
  }
  const page = ctx.params.get('page') || '';
  if (!page) trail.tokens = [];
  const data = await api('runs', { query: { ...current, limit: PAGE_SIZE, nextToken: page } });
  const items = itemsOf(data);
  const next = data && !Array.isArray(data) ? data.nextToken : undefined;

  const newer = h('button', {
    type: 'button', class: 'secondary', disabled: !page,
    onclick: () => ctx.go('/runs', { ...current, page: trail.tokens.pop() || '' }),
  }, '← Newer');
  const older = h('button', {
    type: 'button', disabled: !next, 'data-next': 'true',
    onclick: () => { trail.tokens.push(page); ctx.go('/runs', { ...current, page: next }); },
  }, 'Next page →');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' }, newer,
    h('span', { class: 'muted', 'data-page': trail.tokens.length + 1 }, `page ${trail.tokens.length + 1}`), older);

  return h('section', { 'aria-labelledby': 'runs-title' },
    h('div', { class: 'title-row' }, h('h1', { id: 'runs-title' }, 'Runs'),
      h('button', { type: 'button', class: 'secondary', onclick: ctx.refresh }, 'Refresh')),
    filterForm(ctx, current),
    items.length === 0 ? h('p', { class: 'empty' }, 'No runs match.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'runs' },
        h('thead', {}, h('tr', {}, ['Run', 'Workflow', 'Trigger', 'Status', 'Created', 'Duration']
          .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, items.map(row)))),
    pager);
}
