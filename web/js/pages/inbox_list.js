// The inbox's conversation list: filter tabs, search, the label filter, pages loaded as the list
// scrolls, and the rows that live frames move (a new message puts its conversation on top, a
// conversation that starts to match the filter is fetched and listed). It shares the inbox's
// state object `s` (the selection, the unread counts), so the thread and the list agree.
import { h, mount, when, debounce } from '../dom.js';
import { get, itemsOf, query, session } from '../api.js';
import { loading, problem, badge, slaBadge, toast } from '../ui.js';

const page_size = 50;
export const filters = ['open', 'mine', 'unassigned', 'bot', 'all'];

// `labels` is the inbox's attachLabels(); `onSelect(id, quiet)` opens a conversation.
export function conversationList(ctx, s, { labels, onSelect }) {
  const { t, lang, state } = ctx;
  const listEl = h('ul', { class: 'conv-list', role: 'listbox', 'aria-label': t('conversations') });
  const sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
  const listStatus = h('div', { class: 'list-status' });
  const search = h('input', {
    type: 'search', placeholder: t('search_conversations'), 'aria-label': t('search_conversations'),
    oninput: debounce((e) => { s.q = e.target.value.trim(); reload(); }, 250),
  });
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('conversations') },
    filters.map((f) => h('button', {
      role: 'tab', 'aria-selected': String(f === s.filter), 'data-filter': f,
      onclick: () => { s.filter = f; sessionStorage.setItem('centralita.filter', f); paintTabs(); reload(); },
    }, t(`f_${f}`))));
  const head = h('div', { class: 'pane-head' }, h('h2', null, t('conversations')), search, tabs, labels.picker);
  const pane = h('section', { class: 'pane list-pane', 'aria-label': t('conversations') },
    head,
    h('div', { class: 'list-scroll' }, listEl, listStatus, sentinel),
    h('p', { class: 'shortcuts' }, t('shortcuts')));

  function paintTabs() {
    for (const b of tabs.children) b.setAttribute('aria-selected', String(b.dataset.filter === s.filter));
  }

  function listQuery(cursor) {
    const p = { limit: page_size, cursor, q: s.q, label: labels.filter() };
    if (s.filter === 'open' || s.filter === 'bot') p.status = 'open';
    if (s.filter === 'mine') p.assignee = 'me';
    if (s.filter === 'unassigned') { p.assignee = 'none'; p.status = 'open'; }
    return `/api/v1/conversations${query(p)}`;
  }

  const visible = (c) => s.filter !== 'bot' || c.bot_active;

  function row(c) {
    const n = s.unread.get(c.id) || 0;
    const name = (c.customer && (c.customer.name || c.customer.phone)) || `#${c.id}`;
    return h('li', {
      role: 'option', tabindex: -1, 'data-id': c.id, 'aria-selected': String(c.id === s.selected),
      class: `conv ${c.id === s.selected ? 'selected' : ''} ${n ? 'has-unread' : ''}`,
      onclick: () => onSelect(c.id),
    },
    h('div', { class: 'conv-top' },
      h('span', { class: 'conv-name' }, name),
      h('time', { datetime: c.last_message_at || '' }, when(c.last_message_at, lang))),
    h('div', { class: 'conv-bottom' },
      h('span', { class: 'conv-preview' }, c.last_message_preview || ''), labels.chips(c),
      c.bot_active ? badge(t('f_bot'), 'bot') : c.status !== 'resolved' ? badge(t('bot_paused'), 'paused') : null,
      slaBadge(c),
      n ? h('span', { class: 'unread', 'aria-label': `${n} ${t('unread')}` }, String(n)) : null));
  }

  function paintList() {
    const rows = s.order.map((id) => s.byId.get(id)).filter(visible).map(row);
    mount(listEl, rows.length ? rows : h('li', { class: 'state' }, t('no_conversations')));
  }

  function repaintRow(id) {
    const old = listEl.querySelector(`li[data-id="${id}"]`);
    const c = s.byId.get(id);
    if (old && c) old.replaceWith(row(c));
  }

  function absorb(items, atTop) {
    const ids = [];
    for (const c of items) {
      s.byId.set(c.id, c);
      ids.push(c.id);
    }
    if (atTop) {
      const seen = new Set(ids);
      s.order = ids.concat(s.order.filter((id) => !seen.has(id)));
    } else {
      const seen = new Set(s.order);
      for (const id of ids) if (!seen.has(id)) s.order.push(id);
    }
  }

  async function reload() {
    s.order = [];
    s.byId.clear();
    s.next = null;
    mount(listEl, loading());
    try {
      const data = await get(listQuery());
      if (s.disposed) return;
      absorb(itemsOf(data), false);
      s.next = data.next_cursor || null;
      paintList();
      if (!state.metrics.inboxFirstRender) state.metrics.inboxFirstRender = performance.now();
      if (!s.selected && s.order.length && window.innerWidth > 800) onSelect(s.order[0], true);
      else if (s.selected) onSelect(s.selected, true);
    } catch (e) {
      mount(listEl, problem(e, reload));
    }
  }

  async function loadMore() {
    if (!s.next || s.loadingMore) return;
    s.loadingMore = true;
    listStatus.textContent = t('loading');
    try {
      const data = await get(listQuery(s.next));
      absorb(itemsOf(data), false);
      s.next = data.next_cursor || null;
      const have = new Set([...listEl.querySelectorAll('li[data-id]')].map((li) => Number(li.dataset.id)));
      for (const c of itemsOf(data)) if (!have.has(c.id) && visible(c)) listEl.append(row(c));
    } catch (e) {
      toast(e.message, 'error');
    } finally {
      s.loadingMore = false;
      listStatus.textContent = '';
    }
  }

  // The first page again, merged on top: a new conversation appears, loaded pages stay.
  async function refreshTop() {
    if (s.refreshing) { s.refreshAgain = true; return s.refreshing; }
    s.refreshing = (async () => {
      try {
        const data = await get(listQuery());
        if (s.disposed) return;
        absorb(itemsOf(data), true);
        if (!s.next) s.next = data.next_cursor || null;
        paintList();
      } catch { /* the next event tries again */ }
    })();
    await s.refreshing;
    s.refreshing = null;
    if (s.refreshAgain) { s.refreshAgain = false; refreshTop(); }
  }

  // Whether a conversation belongs in the list under the current filter (the server's rules).
  function matches(c) {
    if (!labels.matches(c)) return false;
    if (s.filter === 'all') return true;
    if (s.filter === 'mine') return c.assignee_id === (session.user && session.user.id);
    if (s.filter === 'unassigned') return c.status === 'open' && c.assignee_id == null;
    return c.status === 'open' && (s.filter !== 'bot' || c.bot_active);
  }

  // A message of a conversation not listed: its detail (one small request; the list query is
  // much heavier) gives the row, which goes on top with an unread mark.
  async function addNew(cid, d, unread = true) {
    if (s.q) return refreshTop();  // a search lists what the server matches
    if (s.adding.has(cid)) return;
    s.adding.add(cid);
    try {
      const x = await get(`/api/v1/conversations/${cid}`);
      if (s.disposed || s.byId.has(cid)) return;
      const { messages, tickets, calls, shipments, decisions, invoices, ...fields } = x;
      const cu = x.customer || {};
      const conv = { ...fields, customer: { id: cu.id, name: cu.name, phone: cu.phone },
        last_message_preview: x.last_message_preview ?? d.text };
      if (!matches(conv)) return;
      s.byId.set(cid, conv);
      s.order = [cid].concat(s.order.filter((id) => id !== cid));
      if (unread && cid !== s.selected) s.unread.set(cid, (s.unread.get(cid) || 0) + 1);
      const placeholder = listEl.querySelector('li.state');
      if (placeholder) placeholder.remove();
      listEl.prepend(row(conv));
    } catch {
      refreshTop();
    } finally {
      s.adding.delete(cid);
    }
  }

  // A listed conversation that just had a message: first in the list.
  function moveToTop(c) {
    s.order = [c.id].concat(s.order.filter((id) => id !== c.id));
    const li = listEl.querySelector(`li[data-id="${c.id}"]`);
    if (li) li.remove();
    if (visible(c)) listEl.prepend(row(c));
  }

  // The row of the conversation being opened: selected, read, in view.
  function markSelected(id) {
    s.unread.delete(id);
    for (const li of listEl.querySelectorAll('li.selected')) { li.classList.remove('selected'); li.setAttribute('aria-selected', 'false'); }
    repaintRow(id);
    const li = listEl.querySelector(`li[data-id="${id}"]`);
    if (li) li.scrollIntoView({ block: 'nearest' });
  }

  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) loadMore();
  }, { root: pane.querySelector('.list-scroll'), rootMargin: '400px' });
  observer.observe(sentinel);

  return {
    pane,
    head,
    reload,
    refreshTop,
    addNew,
    moveToTop,
    markSelected,
    repaintRow,
    // The ids shown, in order: what j and k walk through.
    shownIds: () => s.order.filter((id) => visible(s.byId.get(id))),
    dispose: () => observer.disconnect(),
  };
}
