// Dead letters: the messages the DLQ holds (a peek, SQS has no paging), a redrive that moves them back to their
// queue (re-opening the runs they abandoned), and the redrives made so far.
import { api, itemsOf } from '../api.js';
import { h, time, badge, errorBox, act } from '../dom.js';

export async function render(ctx) {
  const [page, redrives] = await Promise.all([
    api('dead-letters', { query: { limit: 10 } }),
    api('dead-letters/redrives').catch(() => []),
  ]);
  const letters = itemsOf(page);
  const result = h('div', { class: 'flash', role: 'status' });
  const redrive = h('button', { type: 'button', 'data-action': 'redrive', disabled: letters.length === 0 && !page.depth },
    'Redrive all');
  redrive.addEventListener('click', () => {
    if (!window.confirm('Move every dead letter back to its queue? Their runs re-open and go on.')) return;
    act(redrive, async () => {
      const answer = await api('dead-letters/redrive', { method: 'POST' });
      result.replaceChildren(h('p', {}, `Redrive ${answer.status}: ${answer.messagesToMove} message(s) to move, `
        + `${answer.reopenedRuns} run(s) re-opened.`, answer.unpeeked ? ' Some messages were not looked at: their runs were not re-opened.' : ''),
      h('ul', {}, (answer.reopenedRunIds || []).map((id) => h('li', {}, h('a', { href: `#/runs/${encodeURIComponent(id)}` }, id)))),
      h('button', { type: 'button', class: 'secondary', onclick: ctx.refresh }, 'Show the queue now'));
    });
  });
  return h('section', { 'aria-labelledby': 'dlq-title' },
    h('div', { class: 'title-row' }, h('h1', { id: 'dlq-title' }, 'Dead letters'),
      h('button', { type: 'button', class: 'secondary', onclick: ctx.refresh }, 'Refresh')),
    h('p', {}, `About ${page.depth ?? letters.length} message(s) in the dead-letter queue`,
      letters.length < (page.depth ?? 0) ? ` (showing ${letters.length})` : '', '. ', redrive),
    result,
    letters.length === 0 ? h('p', { class: 'empty', 'data-empty': 'dead-letters' }, 'The dead-letter queue is empty.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'dead-letters' },
        h('thead', {}, h('tr', {}, ['Message', 'Sent', 'Receives', 'Kind', 'Run', 'State', 'Run status'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, letters.map((d) => h('tr', { 'data-message': d.messageId },
          h('td', { class: 'mono' }, d.messageId),
          h('td', {}, time(d.sentAt)),
          h('td', { class: 'num' }, d.receiveCount),
          h('td', {}, d.kind),
          h('td', {}, d.runId ? h('a', { href: `#/runs/${encodeURIComponent(d.runId)}`, class: 'mono' }, d.runId) : '–'),
          h('td', {}, d.stateName || '–'),
          h('td', {}, d.runStatus ? badge(d.runStatus) : '–', errorBox(d.error))))))),
    h('h2', {}, 'Redrives'),
    itemsOf(redrives).length === 0 ? h('p', { class: 'muted' }, 'No redrive yet.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'redrives' },
        h('thead', {}, h('tr', {}, ['Task', 'Status', 'Moved'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, itemsOf(redrives).map((t) => h('tr', {},
          h('td', { class: 'mono' }, t.taskHandle ? `${t.taskHandle.slice(0, 24)}…` : '–'),
          h('td', {}, badge(t.status)),
          h('td', { class: 'num' }, `${t.movedMessages} / ${t.messagesToMove}`)))))));
}
