// A workflow definition (Amazon States Language) as an SVG graph, top-down: states are laid out in layers by their
// distance from StartAt, following Next, Choices, Default and Catch; an edge back up (a loop) bends around the side.
// Map and Parallel states are boxes that summarize what they run inside. Each box carries its outcome as a class.
import { s } from '../dom.js';

const W = 180;
const H = 46;
const GAP_X = 36;
const GAP_Y = 44;
const PAD = 24;

/** [target, kind] for each edge out of a state. */
export function edgesOf(state) {
  const out = [];
  if (!state || typeof state !== 'object') return out;
  if (state.Next) out.push([state.Next, 'next']);
  for (const choice of state.Choices || []) if (choice.Next) out.push([choice.Next, 'choice']);
  if (state.Default) out.push([state.Default, 'default']);
  for (const c of state.Catch || []) if (c.Next) out.push([c.Next, 'catch']);
  return out;
}

/** The sub-definition a Map iteration or a Parallel branch runs. */
export function inner(state, index) {
  if (!state) return null;
  if (state.Type === 'Map') return state.ItemProcessor || state.Iterator || null;
  if (state.Type === 'Parallel') return (state.Branches || [])[index] || null;
  return null;
}

function summary(state) {
  if (state.Type === 'Map') {
    const processor = inner(state);
    const count = processor && processor.States ? Object.keys(processor.States).length : 0;
    return processor ? `each item: ${processor.StartAt}${count > 1 ? ` +${count - 1}` : ''}` : 'each item';
  }
  if (state.Type === 'Parallel') {
    const n = (state.Branches || []).length;
    return `${n} branch${n === 1 ? '' : 'es'}: ${(state.Branches || []).map((b) => b.StartAt).join(' | ')}`;
  }
  return null;
}

/** Names in layout order, and the layer of each: breadth-first from StartAt; unreachable states last. */
export function layout(definition) {
  const states = definition.States || {};
  const layer = new Map();
  const order = [];
  const queue = [];
  if (states[definition.StartAt]) {
    layer.set(definition.StartAt, 0);
    queue.push(definition.StartAt);
  }
  while (queue.length) {
    const name = queue.shift();
    order.push(name);
    for (const [target] of edgesOf(states[name])) {
      if (states[target] && !layer.has(target)) {
        layer.set(target, layer.get(name) + 1);
        queue.push(target);
      }
    }
  }
  const last = order.length ? Math.max(...order.map((n) => layer.get(n))) + 1 : 0;
  for (const name of Object.keys(states)) {
    if (!layer.has(name)) {
      layer.set(name, last);
      order.push(name);
    }
  }
  return { order, layer };
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * @param definition an ASL definition ({StartAt, States})
 * @param outcomeOf  name -> {outcome, label} (outcome: succeeded, failed, caught, retried, running, waiting, paused,
 *                   not-reached; label: what a reader is told); may return null for "no outcome" (a definition alone)
 * @param onSelect   called with a state's name when its box is clicked or activated with the keyboard
 */
export function graph(definition, outcomeOf, onSelect) {
  const states = definition.States || {};
  const { order, layer } = layout(definition);
  const rows = new Map();
  for (const name of order) {
    const l = layer.get(name);
    if (!rows.has(l)) rows.set(l, []);
    rows.get(l).push(name);
  }
  const widest = Math.max(1, ...[...rows.values()].map((r) => r.length));
  const width = PAD * 2 + widest * W + (widest - 1) * GAP_X + 40;
  const height = PAD * 2 + rows.size * H + Math.max(0, rows.size - 1) * GAP_Y;
  const at = new Map();
  for (const [l, names] of rows) {
    const rowWidth = names.length * W + (names.length - 1) * GAP_X;
    names.forEach((name, i) => at.set(name, {
      x: (width - 40 - rowWidth) / 2 + i * (W + GAP_X), y: PAD + l * (H + GAP_Y),
    }));
  }

  const edges = s('g', { class: 'edges' });
  for (const name of order) {
    const from = at.get(name);
    for (const [target, kind] of edgesOf(states[name])) {
      const to = at.get(target);
      if (!to) continue;
      let d;
      if (to.y > from.y) {
        const x1 = from.x + W / 2; const y1 = from.y + H; const x2 = to.x + W / 2; const y2 = to.y;
        const mid = (y1 + y2) / 2;
        d = `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2 - 2}`;
      } else {
        // same row or back up (a loop): out of the right side, around, into the right side
        const x1 = from.x + W; const y1 = from.y + H / 2; const x2 = to.x + W; const y2 = to.y + H / 2;
        const bend = Math.max(x1, x2) + 30;
        d = `M${x1},${y1} C${bend},${y1} ${bend},${y2} ${x2 + 2},${y2}`;
      }
      edges.append(s('path', { d, class: `edge edge-${kind}`, 'marker-end': 'url(#arrow)' },
        s('title', {}, `${name} → ${target} (${kind})`)));
    }
  }

  const nodes = s('g', { class: 'nodes' });
  for (const name of order) {
    const state = states[name] || {};
    const { x, y } = at.get(name);
    const result = outcomeOf ? outcomeOf(name) : null;
    const outcome = result ? result.outcome : 'definition';
    const extra = summary(state);
    const node = s('g', {
      class: `node state-${outcome}${extra ? ' node-container' : ''}${result && result.retried ? ' had-retries' : ''}`,
      'data-state': name, 'data-outcome': outcome, transform: `translate(${x},${y})`,
      tabindex: onSelect ? 0 : null, role: onSelect ? 'button' : 'img',
      'aria-label': `${name}, ${state.Type || 'state'}${result ? `, ${result.label}` : ''}`,
    },
    s('title', {}, `${name} (${state.Type || '?'})${result ? `: ${result.label}` : ''}`),
    s('rect', { width: W, height: H, rx: 7 }),
    s('text', { x: W / 2, y: extra ? 17 : 20, class: 'name' }, clip(name, 22)),
    s('text', { x: W / 2, y: extra ? 31 : 36, class: 'type' }, result ? `${state.Type} · ${result.label}` : state.Type || ''),
    extra ? s('text', { x: W / 2, y: 42, class: 'inner' }, clip(extra, 30)) : null);
    if (onSelect) {
      node.addEventListener('click', () => onSelect(name));
      node.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(name);
        }
      });
    }
    nodes.append(node);
  }

  return s('svg', {
    class: 'graph', viewBox: `0 0 ${width} ${height}`, width, height, role: 'group',
    'aria-label': `Workflow graph: ${order.length} states`,
  },
  s('defs', {}, s('marker', {
    id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
  }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }))),
  edges, nodes);
}
