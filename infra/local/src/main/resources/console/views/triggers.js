// Triggers: where senders post (the webhook URL), how deliveries are signed, and whether the trigger is enabled.
// The API never shows a secret value, and this page shows nothing of the secrets but how many are active.
import { api, itemsOf } from '../api.js';
import { h, time, badge, act } from '../dom.js';

function row(ctx, t) {
  const enabled = t.enabled !== false;
  const url = `${ctx.config.api.replace(/\/$/, '')}${t.webhookPath || `/hooks/${t.id}`}`;
  const toggle = h('button', { type: 'button', class: enabled ? 'secondary' : '', 'data-action': enabled ? 'disable' : 'enable' },
    enabled ? 'Disable' : 'Enable');
  toggle.addEventListener('click', () => {
    const verb = enabled ? 'disable' : 'enable';
    if (enabled && !window.confirm(`Disable trigger ${t.id}? Senders get 423 Locked and deliver again later.`)) return;
    act(toggle, async () => {
      await api(`triggers/${encodeURIComponent(t.id)}/${verb}`, { method: 'POST' });
      ctx.refresh();
    });
  });
  const signature = t.signature || {};
  return h('tr', { 'data-trigger': t.id },
    h('th', { scope: 'row' }, t.id),
    h('td', {}, h('a', { href: `#/workflows/${encodeURIComponent(t.workflowId)}` }, t.workflowId)),
    h('td', {}, h('code', { class: 'webhook-url' }, url)),
    h('td', {}, signature.scheme || '?',
      t.unsigned ? h('span', { class: 'warning', title: t.warning || '' }, ' unsigned') : null,
      signature.activeSecrets !== undefined ? h('span', { class: 'muted' }, ` · ${signature.activeSecrets} active secret${signature.activeSecrets === 1 ? '' : 's'}`) : null),
    h('td', {}, badge(enabled ? 'ENABLED' : 'DISABLED')),
    h('td', {}, time(t.updatedAt)),
    h('td', {}, h('a', { href: `#/runs?triggerId=${encodeURIComponent(t.id)}` }, 'Runs'), ' ', toggle));
}

export async function render(ctx) {
  const triggers = [];
  let token;
  do {
    // eslint-disable-next-line no-await-in-loop
    const data = await api('triggers', { query: { limit: 100, nextToken: token } });
    triggers.push(...itemsOf(data));
    token = data && !Array.isArray(data) ? data.nextToken : undefined;
  } while (token && triggers.length < 1000);
  return h('section', { 'aria-labelledby': 'triggers-title' },
    h('div', { class: 'title-row' }, h('h1', { id: 'triggers-title' }, 'Triggers'),
      h('button', { type: 'button', class: 'secondary', onclick: ctx.refresh }, 'Refresh')),
    h('p', { class: 'muted' }, 'Senders post to the webhook URL. A disabled trigger answers 423 Locked, so senders retry later.'),
    triggers.length === 0 ? h('p', { class: 'empty' }, 'No triggers yet.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'triggers' },
        h('thead', {}, h('tr', {}, ['Trigger', 'Workflow', 'Webhook URL', 'Signature', 'State', 'Updated', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, triggers.map((t) => row(ctx, t))))));
}
