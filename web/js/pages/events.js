// The event log (webhooks received; a failed one can be replayed, by admins only), the audit log
// (who changed what, before → after) and the outbox (replies that could not be sent, retried
// by anyone of the tenant). Each list pages with its `next_cursor`.
import { h, mount, datetime } from '../dom.js';
import { get, post, itemsOf, query } from '../api.js';
import { loading, problem, badge, table, toast } from '../ui.js';

// A list with a "load more" button over `next_cursor`; `path(cursor)` builds the request.
function pagedTable(t, columns, path, fetchPage = (p) => get(p)) {
  const body = h('div', null, loading());
  const more = h('button', { class: 'more', hidden: true }, t('load_more'));
  let next = null;
  let rows = [];
  async function load(reset = true) {
    if (reset) { next = null; rows = []; mount(body, loading()); }
    try {
      const data = await fetchPage(path(reset ? null : next));
      rows = rows.concat(itemsOf(data));
      next = (data && data.next_cursor) || null;
      mount(body, table(columns, rows));
      more.hidden = !next;
    } catch (e) { mount(body, problem(e, () => load(true))); more.hidden = true; }
  }
  more.addEventListener('click', () => load(false));
  return { el: h('div', null, body, h('div', { class: 'more-row' }, more)), load };
}

// A row's action button (replay an event, retry a send): posts to `path`, says `done` and
// reloads the list; on a failure the button is enabled again and the error shown.
async function rowAction(t, btn, path, done, list) {
  btn.disabled = true;
  try {
    await post(path, {});
    toast(done);
    list.load();
  } catch (err) {
    btn.disabled = false;
    toast(`${t('error')}: ${err.message}`, 'error');
  }
}

export const eventLog = {
  render(ctx) {
    const { t, lang } = ctx;
    const admin = ctx.user.role === 'admin' || ctx.user.role === 'platform';
    // A conversation's link (its suppressed duplicates) names the filter in the query string.
    const asked = new URLSearchParams(location.search);
    const conversationId = asked.get('conversation_id') || undefined;
    const status = h('select', { 'aria-label': t('status'), class: 'status-filter', onchange: () => list.load() },
      ['', 'failed', 'processed', 'accepted', 'ignored', 'duplicate'].map((v) => h('option', { value: v, selected: v === asked.get('status') }, v ? t(`ev_${v}`) : t('all'))));
    const replay = (x, btn) =>
      rowAction(t, btn, `/api/v1/events/${encodeURIComponent(x.id)}/replay`, t('replayed'), list);
    const columns = [
      { label: t('when'), value: (x) => datetime(x.received_at, lang) },
      { label: t('provider'), value: (x) => x.provider || '—' },
      { label: t('event'), value: (x) => x.event_name || '—' },
      { label: t('status'), value: (x) => badge(t(`ev_${x.status}`), `ev-${x.status}`) },
      { label: t('attempts'), value: (x) => String(x.attempts ?? '—') },
      { label: t('error'), value: (x) => h('span', { class: 'clip', title: x.last_error || '' }, x.last_error || '') },
      { label: '', value: (x) => x.status !== 'failed' ? '' : h('button', {
        class: 'replay', disabled: !admin, title: admin ? t('replay_hint') : t('admins_only'),
        onclick: (e) => { e.stopPropagation(); replay(x, e.currentTarget); },
      }, t('replay')) },
    ];
    const list = pagedTable(t, columns, (cursor) => `/api/v1/events${query({ status: status.value, conversation_id: conversationId, limit: 100, cursor })}`);
    const el = h('div', { class: 'records' },
      h('div', { class: 'toolbar' }, h('label', { class: 'check' }, `${t('status')}: `, status),
        conversationId ? h('span', { class: 'muted' }, `${t('conversation')} #${conversationId}`) : null,
        admin ? null : h('span', { class: 'muted' }, t('replay_admins'))),
      list.el);
    list.load();
    return { el, onResync: () => list.load() };
  },
};

// The keys whose values differ between two JSON objects (or the whole values otherwise).
export function diff(before, after) {
  const obj = (v) => v && typeof v === 'object' && !Array.isArray(v);
  if (!obj(before) || !obj(after)) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ key: '', before, after }];
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ key: k, before: before[k], after: after[k] }));
}

const show = (v) => (v === undefined ? '∅' : typeof v === 'string' ? v : JSON.stringify(v));

function diffView(x) {
  if (x.before == null && x.after == null) return '';
  if (x.before == null) return h('code', { class: 'clip added' }, show(x.after));
  if (x.after == null) return h('code', { class: 'clip removed' }, show(x.before));
  const changes = diff(x.before, x.after);
  if (!changes.length) return h('span', { class: 'muted' }, '=');
  return h('ul', { class: 'diff' }, changes.map((c) => h('li', null,
    c.key ? h('strong', null, `${c.key}: `) : null,
    h('del', null, show(c.before)), ' → ', h('ins', null, show(c.after)))));
}

export const auditLog = {
  render(ctx) {
    const { t, lang } = ctx;
    const type = h('select', { 'aria-label': t('object'), class: 'entity-filter', onchange: () => list.load() },
      ['', 'conversation', 'ticket', 'suggestion', 'settings', 'outbox', 'event', 'user'].map((v) =>
        h('option', { value: v }, v || t('all'))));
    const actor = h('select', { 'aria-label': t('actor'), class: 'actor-filter', onchange: () => list.load() },
      ['', 'user', 'ai', 'system'].map((v) => h('option', { value: v }, v ? t(`actor_${v}`) : t('all'))));
    const columns = [
      { label: t('when'), value: (x) => datetime(x.created_at, lang) },
      { label: t('actor'), value: (x) => x.actor_name || (x.actor_type ? t(`actor_${x.actor_type}`) : '—') },
      { label: t('action'), value: (x) => x.action || '—' },
      { label: t('object'), value: (x) => `${x.entity_type || ''} ${x.entity_id || ''}` },
      { label: t('changes'), value: diffView },
    ];
    const list = pagedTable(t, columns, (cursor) =>
      `/api/v1/audit${query({ entity_type: type.value, actor_type: actor.value, limit: 100, cursor })}`);
    const el = h('div', { class: 'records audit' },
      h('div', { class: 'toolbar' }, h('div', { class: 'filters' }, type, actor)), list.el);
    list.load();
    return { el, onResync: () => list.load() };
  },
};

export const outbox = {
  render(ctx) {
    const { t, lang } = ctx;
    const status = h('select', { 'aria-label': t('status'), class: 'status-filter', onchange: () => list.load() },
      ['problems', 'failed', 'dead', 'pending', 'sending', 'sent', ''].map((v) => h('option', { value: v }, v ? t(`ob_${v}`) : t('all'))));
    const retry = (x, btn) => rowAction(t, btn, `/api/v1/outbox/${x.id}/retry`, t('retrying'), list);
    const columns = [
      { label: t('when'), value: (x) => datetime(x.updated_at || x.created_at, lang) },
      { label: t('conversation'), value: (x) => h('a', { href: `/inbox/${x.conversation_id}`,
        onclick: (e) => { e.preventDefault(); ctx.navigate(`/inbox/${x.conversation_id}`); } }, `#${x.conversation_id}`) },
      { label: t('message'), value: (x) => {
        // A hand-off's Builderbot blacklist call carries no message (docs/protocols.md §1c).
        const text = x.kind === 'blacklist' ? t(`ob_blacklist_${x.intent}`) : (x.text || '');
        return h('span', { class: 'clip', title: text }, text);
      } },
      { label: t('status'), value: (x) => badge(t(`ob_${x.status}`), `ob-${x.status}`) },
      { label: t('attempts'), value: (x) => String(x.attempts ?? '—') },
      { label: t('error'), value: (x) => h('span', { class: 'clip', title: x.last_error || '' }, x.last_error || '') },
      { label: '', value: (x) => (x.status === 'dead' || x.status === 'failed')
        ? h('button', { class: 'retry', onclick: (e) => { e.stopPropagation(); retry(x, e.currentTarget); } }, t('retry_send')) : '' },
    ];
    // "problems": the failed and the dead ones together, newest first (two requests, no paging).
    const list = pagedTable(t, columns, (cursor) => status.value === 'problems' ? 'problems'
      : `/api/v1/outbox${query({ status: status.value, limit: 100, cursor })}`,
    async (p) => {
      if (p !== 'problems') return get(p);
      const [a, b] = await Promise.all(['failed', 'dead'].map((st) => get(`/api/v1/outbox${query({ status: st, limit: 200 })}`)));
      return { items: itemsOf(a).concat(itemsOf(b)).sort((x, y) => y.id - x.id), next_cursor: null };
    });
    const el = h('div', { class: 'records outbox' },
      h('div', { class: 'toolbar' }, h('label', { class: 'check' }, `${t('status')}: `, status),
        h('span', { class: 'muted' }, t('outbox_hint'))),
      list.el);
    list.load();
    const soon = () => { clearTimeout(el._t); el._t = setTimeout(() => list.load(), 500); };
    return {
      el,
      onLive(f) { if (f.type === 'outbox.failed' || f.type === 'message.updated') soon(); },
      onResync: () => list.load(),
      dispose() { clearTimeout(el._t); },
    };
  },
};
