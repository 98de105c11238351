// Workflows: the list (current version, how many versions, retired or not) and one workflow with its versions and
// the definition of the version picked, drawn as a graph.
import { api, itemsOf } from '../api.js';
import { h, time, badge, json } from '../dom.js';
import { graph } from './graph.js';

export async function render(ctx) {
  const workflows = [];
  let token;
  do {
    // eslint-disable-next-line no-await-in-loop
    const data = await api('workflows', { query: { limit: 100, nextToken: token } });
    workflows.push(...itemsOf(data));
    token = data && !Array.isArray(data) ? data.nextToken : undefined;
  } while (token && workflows.length < 1000);
  return h('section', { 'aria-labelledby': 'workflows-title' },
    h('div', { class: 'title-row' }, h('h1', { id: 'workflows-title' }, 'Workflows'),
      h('button', { type: 'button', class: 'secondary', onclick: ctx.refresh }, 'Refresh')),
    workflows.length === 0 ? h('p', { class: 'empty' }, 'No workflows yet.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'workflows' },
        h('thead', {}, h('tr', {}, ['Workflow', 'Version', 'Versions', 'State', 'Updated', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, workflows.map((w) => h('tr', { 'data-workflow': w.id },
          h('th', { scope: 'row' }, h('a', { href: `#/workflows/${encodeURIComponent(w.id)}` }, w.id)),
          h('td', { class: 'num' }, w.version ?? '–'),
          h('td', { class: 'num' }, w.versions ?? '–'),
          h('td', {}, w.retired ? badge('RETIRED') : badge('ACTIVE')),
          h('td', {}, time(w.updatedAt)),
          h('td', {}, h('a', { href: `#/runs?workflowId=${encodeURIComponent(w.id)}` }, 'Runs'))))))));
}

export async function renderOne(ctx) {
  const id = decodeURIComponent(ctx.match[1]);
  const path = `workflows/${encodeURIComponent(id)}`;
  const workflow = await api(path);
  let versions = [];
  try {
    versions = itemsOf(await api(`${path}/versions`, { query: { limit: 100 } }));
  } catch { /* an API without versions: the current definition only */ }
  const wanted = Number(ctx.params.get('v')) || workflow.version;
  const shown = wanted && wanted !== workflow.version
    ? await api(`${path}/versions/${wanted}`) : workflow;
  const definition = shown.definition;
  return h('section', { 'aria-labelledby': 'workflow-title', 'data-workflow': id },
    h('div', { class: 'title-row' }, h('h1', { id: 'workflow-title' }, 'Workflow ', h('span', { class: 'mono' }, id)),
      workflow.retired ? badge('RETIRED') : null,
      h('a', { href: `#/runs?workflowId=${encodeURIComponent(id)}` }, 'Its runs')),
    workflow.retired ? h('p', { class: 'note' }, 'Retired', workflow.retiredAt ? [' at ', time(workflow.retiredAt)] : null,
      ': new runs are refused; a PUT brings it back as a new version.') : null,
    h('div', { class: 'run-graph' },
      h('div', { class: 'graph-wrap' },
        h('h2', {}, wanted ? `Version ${wanted}` : 'Definition'),
        definition && definition.States ? graph(definition, null, null) : null,
        h('details', {}, h('summary', {}, 'Definition (JSON)'), json(definition))),
      h('aside', { 'aria-label': 'Versions' }, h('h2', {}, 'Versions'),
        versions.length === 0 ? h('p', { class: 'muted' }, 'Only the current version is known.')
          : h('ol', { class: 'versions', reversed: true }, versions.map((v) => h('li', {},
            v.version === wanted ? h('strong', {}, `v${v.version}`)
              : h('a', { href: `#/workflows/${encodeURIComponent(id)}?v=${v.version}` }, `v${v.version}`),
            ' ', time(v.createdAt)))))));
}
