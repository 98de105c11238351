// One run: its header, its workflow drawn from the definition it ran with (each state coloured by outcome), and per
// state every execution of it (input, output, error, attempts, timing). Map iterations and Parallel branches are
// frames of their own (?frame= in the admin API): a branch opens as a page of its own with its inner graph.
import { api } from '../api.js';
import { h, time, duration, between, badge, json, facts, errorBox, act } from '../dom.js';
import { graph, inner, layout } from './graph.js';

const FINISHED = ['SUCCEEDED', 'FAILED', 'ABORTED'];
const OUTCOMES = {
  SUCCEEDED: ['succeeded', 'succeeded'],
  FAILED: ['failed', 'failed'],
  CAUGHT: ['caught', 'failed, caught'],
  RETRIED: ['retried', 'failed, retrying'],
  RUNNING: ['running', 'running'],
  WAITING: ['waiting', 'waiting for its branches'],
  PAUSED: ['paused', 'paused, waiting for a callback'],
};

/** What an action left to say on the page it re-renders. */
let flash = null;

/** How a state stands in this frame: the last execution decides; earlier retries are marked. */
export function outcomeOf(executions) {
  if (!executions || executions.length === 0) return { outcome: 'not-reached', label: 'not reached' };
  const last = executions[executions.length - 1];
  const [outcome, label] = OUTCOMES[last.status] || [String(last.status).toLowerCase(), String(last.status).toLowerCase()];
  return {
    outcome,
    label: executions.length > 1 ? `${label} (×${executions.length})` : label,
    retried: executions.some((e) => e.status === 'RETRIED'),
  };
}

/** The definition the run ran with: its snapshot when the API shows it, else its version, else the workflow's. */
async function definitionOf(run) {
  if (run.definition && typeof run.definition === 'object') return { definition: run.definition };
  const id = encodeURIComponent(run.workflowId);
  if (run.workflowVersion) {
    try {
      return { definition: (await api(`workflows/${id}/versions/${run.workflowVersion}`)).definition };
    } catch { /* fall back to the current version below */ }
  }
  try {
    const workflow = await api(`workflows/${id}`);
    return {
      definition: workflow.definition,
      note: run.workflowVersion && workflow.version && workflow.version !== run.workflowVersion
        ? `drawn from version ${workflow.version}; this run used version ${run.workflowVersion}` : null,
    };
  } catch {
    return { definition: null, note: 'the workflow definition could not be read: states are listed as they ran' };
  }
}

/** "Fanout[1]/Items[12]": the definition that branch runs, walking down from the workflow's. */
export function branchDefinition(definition, path) {
  let current = definition;
  for (const segment of (path || '').split('/').filter(Boolean)) {
    const m = segment.match(/^(.*)\[(\d+)\]$/);
    if (!current || !m) return null;
    current = inner((current.States || {})[m[1]], Number(m[2]));
  }
  return current;
}

/** "/admin/runs/<id>?frame=3.{index}" -> the frame of branch `index`; "...?frame=root" -> "". */
function frameFrom(link, index) {
  const at = String(link || '').indexOf('frame=');
  if (at < 0) return '';
  const frame = decodeURIComponent(link.slice(at + 'frame='.length)).replace('{index}', String(index));
  return frame === 'root' ? '' : frame;
}

function runLink(runId, frame, text) {
  const query = frame ? `?frame=${encodeURIComponent(frame)}` : '';
  return h('a', { href: `#/runs/${encodeURIComponent(runId)}${query}` }, text);
}

function actions(ctx, run) {
  const result = h('p', { class: 'flash', role: 'status' });
  const buttons = [];
  const id = encodeURIComponent(run.runId);
  if (['QUEUED', 'RUNNING'].includes(run.status)) {
    const cancel = h('button', { type: 'button', class: 'danger', 'data-action': 'cancel' }, 'Cancel run');
    cancel.addEventListener('click', () => {
      if (!window.confirm(`Cancel run ${run.runId}? Its steps stop and it ends ABORTED.`)) return;
      act(cancel, async () => {
        const answer = await api(`runs/${id}/cancel`, { method: 'POST' });
        flash = `Cancelled: the run is ${answer.status}.`;
        ctx.refresh();
      });
    });
    buttons.push(cancel);
  }
  if (FINISHED.includes(run.status)) {
    const replay = h('button', { type: 'button', 'data-action': 'replay' }, 'Replay');
    replay.addEventListener('click', () => {
      if (!window.confirm(`Replay run ${run.runId}? A new run starts with the same input, on the same version.`)) return;
      act(replay, async () => {
        const answer = await api(`runs/${id}/replay`, { method: 'POST' });
        result.replaceChildren(`Replay ${answer.status}: `, runLink(answer.runId, '', answer.runId));
      });
    });
    buttons.push(replay);
  }
  if (flash) {
    result.textContent = flash;
    flash = null;
  }
  return h('div', { class: 'actions' }, buttons, result);
}

function header(ctx, run) {
  const branch = run.branch;
  return h('header', { class: 'run-header' },
    h('div', { class: 'title-row' },
      h('h1', {}, branch ? `Branch ${branch.branch}` : 'Run ', branch ? null : h('span', { class: 'mono' }, run.runId)),
      badge(branch ? branch.status : run.status),
      h('button', { type: 'button', class: 'secondary', onclick: ctx.refresh }, 'Refresh')),
    branch ? h('p', { class: 'crumbs' }, 'of run ', runLink(run.runId, '', run.runId), ' · ',
      runLink(run.runId, frameFrom(branch.parent, 0), 'up to the parent frame')) : null,
    facts([
      ['Workflow', h('span', {}, h('a', { href: `#/workflows/${encodeURIComponent(run.workflowId)}` }, run.workflowId),
        run.workflowVersion ? ` version ${run.workflowVersion}` : '')],
      ['Trigger', run.triggerId || (run.name ? `admin start “${run.name}”` : 'admin start')],
      ['Event id', run.eventId ? h('span', { class: 'mono' }, run.eventId) : null],
      ['Replay of', run.replayOf ? runLink(run.replayOf, '', run.replayOf) : null],
      ['Run status', branch ? badge(run.status) : null],
      ['Created', time(run.createdAt)],
      ['Started', time(branch ? branch.startedAt : run.startedAt)],
      ['Finished', time(branch ? branch.finishedAt : run.finishedAt)],
      ['Duration', branch ? duration(between(branch.startedAt, branch.finishedAt))
        : duration(run.durationMs ?? between(run.startedAt, run.finishedAt))],
    ]),
    branch ? null : actions(ctx, run),
    errorBox(branch ? branch.error : run.error));
}

function data(run) {
  const source = run.branch || run;
  return h('div', { class: 'io' },
    h('details', { open: true }, h('summary', {}, 'Input'), json(source.input)),
    h('details', { open: source.output !== undefined }, h('summary', {}, 'Output'), json(source.output)));
}

function branchesOf(run, execution) {
  const b = execution.branches;
  const shown = Math.min(b.total, 25);
  const links = [];
  for (let i = 0; i < shown; i++) links.push(h('li', {}, runLink(run.runId, frameFrom(b.frames, i), `#${i}`)));
  const pick = h('form', { class: 'inline' },
    h('label', {}, 'Branch ', h('input', { type: 'number', min: 0, max: b.total - 1, value: 0, name: 'index', class: 'small' })),
    h('button', { type: 'submit', class: 'secondary' }, 'Open'));
  pick.addEventListener('submit', (event) => {
    event.preventDefault();
    window.location.hash = `#/runs/${encodeURIComponent(run.runId)}?frame=${encodeURIComponent(
      frameFrom(b.frames, Number(new FormData(pick).get('index')) || 0))}`;
  });
  return h('div', { class: 'branches' },
    h('p', {}, `${b.total} branches: ${b.succeeded} succeeded, ${b.failed} failed, ${b.open} open, ${b.aborted} aborted`
      + (b.concurrency ? ` (at most ${b.concurrency} at once)` : '')),
    h('ul', { class: 'branch-links' }, links, b.total > shown ? h('li', {}, '…') : null), pick);
}

function details(run, name, state, executions) {
  const panel = [h('h2', { id: 'state-title' }, name, h('span', { class: 'muted' }, ` ${state ? state.Type : ''}`))];
  if (executions.length === 0) {
    panel.push(h('p', { class: 'empty' }, 'Not reached in this run.'));
  }
  executions.forEach((e, i) => {
    panel.push(h('article', { class: 'execution', 'data-sequence': e.sequence },
      h('h3', {}, executions.length > 1 ? `Execution ${i + 1} of ${executions.length} ` : 'Execution ', badge(e.status)),
      facts([
        ['Started', time(e.startedAt)],
        ['Finished', time(e.finishedAt)],
        ['Duration', duration(e.durationMs ?? between(e.startedAt, e.finishedAt))],
        ['Attempts', String(e.attempts)],
        ['Retries', e.retries !== undefined ? JSON.stringify(e.retries) : null],
        ['Next state', e.nextState],
        ['Not before', e.nextNotBefore ? time(e.nextNotBefore) : null],
        ['Step', String(e.sequence)],
      ]),
      errorBox(e.error),
      e.branches ? branchesOf(run, e) : null,
      h('div', { class: 'io' },
        h('details', { open: true }, h('summary', {}, 'Input'), h('div', { class: 'state-input' }, json(e.input))),
        h('details', { open: true }, h('summary', {}, 'Output'), h('div', { class: 'state-output' }, json(e.output))),
        e.variables !== undefined ? h('details', {}, h('summary', {}, 'Variables'), json(e.variables)) : null)));
  });
  if (state) panel.push(h('details', {}, h('summary', {}, 'Definition of this state'), json(state)));
  return panel;
}

export async function render(ctx) {
  const runId = decodeURIComponent(ctx.match[1]);
  const frame = ctx.params.get('frame') || '';
  const run = await api(`runs/${encodeURIComponent(runId)}`, { query: { frame: frame || 'root' } });
  const { definition: whole, note } = await definitionOf(run);
  const definition = frame ? branchDefinition(whole, run.branch && run.branch.branch) : whole;
  const states = (run.states || []).filter((st) => (st.frame || '') === frame);
  const byName = new Map();
  for (const st of states) {
    if (!byName.has(st.name)) byName.set(st.name, []);
    byName.get(st.name).push(st);
  }
  const names = definition && definition.States ? layout(definition).order : [];
  for (const name of byName.keys()) if (!names.includes(name)) names.push(name);

  const panel = h('section', { id: 'state-details', class: 'state-details', 'aria-live': 'polite', tabindex: '-1' },
    h('p', { class: 'muted' }, 'Pick a state in the graph or the list to see its input, output and timing.'));
  const list = h('ol', { class: 'state-list' });
  let svg = null;
  const select = (name) => {
    const defState = definition && definition.States ? definition.States[name] : null;
    panel.replaceChildren(...details(run, name, defState, byName.get(name) || []));
    for (const el of page.querySelectorAll('[data-state]')) {
      el.classList.toggle('selected', el.dataset.state === name);
      if (el.tagName === 'BUTTON') el.setAttribute('aria-pressed', String(el.dataset.state === name));
    }
    const hash = `#/runs/${encodeURIComponent(runId)}?${new URLSearchParams({ ...(frame ? { frame } : {}), state: name })}`;
    window.history.replaceState(null, '', hash);
  };
  for (const name of names) {
    const o = outcomeOf(byName.get(name));
    list.append(h('li', {}, h('button', {
      type: 'button', class: `state-button state-${o.outcome}`, 'data-state': name, 'aria-pressed': 'false',
      onclick: () => select(name),
    }, h('span', { class: 'dot', 'aria-hidden': 'true' }), name, h('span', { class: 'muted' }, ` ${o.label}`))));
  }
  if (definition && definition.States) svg = graph(definition, (name) => outcomeOf(byName.get(name)), select);

  const page = h('article', { class: 'run', 'data-run': run.runId },
    header(ctx, run),
    run.truncated ? h('p', { class: 'note' }, run.truncated) : null,
    h('section', { class: 'run-graph', 'aria-label': 'Workflow graph and states' },
      h('div', { class: 'graph-wrap' }, svg || h('p', { class: 'empty' }, 'No graph for this run.'), note ? h('p', { class: 'note' }, note) : null,
        h('p', { class: 'legend', 'aria-hidden': 'true' }, ['succeeded', 'failed', 'caught', 'retried', 'running', 'waiting', 'paused', 'not-reached']
          .map((o) => h('span', { class: `key state-${o}` }, o.replace('-', ' '))))),
      h('aside', { 'aria-label': 'States' }, h('h2', {}, 'States'), list)),
    panel,
    h('h2', {}, frame ? 'This branch' : 'This run'),
    data(run));
  const wanted = ctx.params.get('state');
  if (wanted && names.includes(wanted)) select(wanted);
  return page;
}
