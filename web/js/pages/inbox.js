// The inbox: conversation list (filters, search, paging on scroll), the thread (messages, AI
// decisions, calls, tickets and shipments on one timeline, suggestions, the reply box) and the
// customer panel. Live frames update all three without reloading.
import { h, mount, when, datetime, debounce } from '../dom.js';
import { get, post, patch, itemsOf, query, session } from '../api.js';
import { loading, problem, badge, statusBadge, toast, pct } from '../ui.js';

const page_size = 50;
const filters = ['open', 'mine', 'unassigned', 'bot', 'all'];

export function render(ctx) {
  const { t, lang, state } = ctx;
  const s = {
    filter: sessionStorage.getItem('centralita.filter') || 'open',
    q: '',
    order: [],                 // conversation ids, as listed
    byId: new Map(),
    next: null,
    loadingMore: false,
    selected: Number((ctx.path.match(/^\/inbox\/(\d+)/) || [])[1]) || null,
    unread: new Map(),
    detail: null,
    suggestions: [],
    refreshing: null,
    refreshAgain: false,
    disposed: false,
  };
  if (!filters.includes(s.filter)) s.filter = 'open';

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
  const listPane = h('section', { class: 'pane list-pane', 'aria-label': t('conversations') },
    h('div', { class: 'pane-head' }, h('h2', null, t('conversations')), search, tabs),
    h('div', { class: 'list-scroll' }, listEl, listStatus, sentinel),
    h('p', { class: 'shortcuts' }, t('shortcuts')));
  const threadPane = h('section', { class: 'pane thread-pane', 'aria-label': t('reply') });
  const customerPane = h('aside', { class: 'pane customer-pane', 'aria-label': t('customer') });
  const el = h('div', { class: 'inbox' }, listPane, threadPane, customerPane);

  function paintTabs() {
    for (const b of tabs.children) b.setAttribute('aria-selected', String(b.dataset.filter === s.filter));
  }

  function listQuery(cursor) {
    const p = { limit: page_size, cursor, q: s.q };
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
      onclick: () => select(c.id),
    },
    h('div', { class: 'conv-top' },
      h('span', { class: 'conv-name' }, name),
      h('time', { datetime: c.last_message_at || '' }, when(c.last_message_at, lang))),
    h('div', { class: 'conv-bottom' },
      h('span', { class: 'conv-preview' }, c.last_message_preview || ''),
      c.bot_active ? badge(t('f_bot'), 'bot') : null,
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
      if (!s.selected && s.order.length && window.innerWidth > 800) select(s.order[0], true);
      else if (s.selected) select(s.selected, true);
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
    if (s.filter === 'all') return true;
    if (s.filter === 'mine') return c.assignee_id === (session.user && session.user.id);
    if (s.filter === 'unassigned') return c.status === 'open' && c.assignee_id == null;
    return c.status === 'open' && (s.filter !== 'bot' || c.bot_active);
  }

  // A message of a conversation not listed: its detail (one small request; the list query is
  // much heavier) gives the row, which goes on top with an unread mark.
  async function addNew(cid, d) {
    if (s.q) return refreshTop();  // a search lists what the server matches
    try {
      const x = await get(`/api/v1/conversations/${cid}`);
      if (s.disposed || s.byId.has(cid)) return;
      const { messages, tickets, calls, shipments, decisions, timeline, ...fields } = x;
      const cu = x.customer || {};
      const conv = { ...fields, customer: { id: cu.id, name: cu.name, phone: cu.phone },
        last_message_preview: x.last_message_preview ?? d.text };
      if (!matches(conv)) return;
      s.byId.set(cid, conv);
      s.order = [cid].concat(s.order.filter((id) => id !== cid));
      if (cid !== s.selected) s.unread.set(cid, (s.unread.get(cid) || 0) + 1);
      const placeholder = listEl.querySelector('li.state');
      if (placeholder) placeholder.remove();
      listEl.prepend(row(conv));
    } catch {
      refreshTop();
    }
  }

  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) loadMore();
  }, { root: listPane.querySelector('.list-scroll'), rootMargin: '400px' });
  observer.observe(sentinel);

  // ---- the thread -------------------------------------------------------------------------
  async function select(id, quiet) {
    s.selected = id;
    s.unread.delete(id);
    for (const li of listEl.querySelectorAll('li.selected')) { li.classList.remove('selected'); li.setAttribute('aria-selected', 'false'); }
    repaintRow(id);
    const li = listEl.querySelector(`li[data-id="${id}"]`);
    if (li) li.scrollIntoView({ block: 'nearest' });
    if (!quiet && location.pathname !== `/inbox/${id}`) history.replaceState(null, '', `/inbox/${id}`);
    mount(threadPane, loading());
    mount(customerPane);
    try {
      const d = await get(`/api/v1/conversations/${id}`);
      if (s.selected !== id || s.disposed) return;
      s.detail = d;
      paintThread();
      paintCustomer();
      loadSuggestions();
    } catch (e) {
      if (s.selected === id) mount(threadPane, problem(e, () => select(id)));
    }
  }

  function timelineItems(d) {
    const items = [];
    const at = (x) => x.created_at || x.started_at || x.updated_at || '';
    for (const m of d.messages || []) items.push({ kind: 'message', at: at(m), v: m });
    for (const x of d.decisions || d.ai_decisions || []) items.push({ kind: 'decision', at: at(x), v: x });
    for (const x of d.calls || []) items.push({ kind: 'call', at: at(x), v: x });
    for (const x of d.tickets || []) items.push({ kind: 'ticket', at: at(x), v: x });
    for (const x of d.shipments || []) items.push({ kind: 'shipment', at: at(x), v: x });
    for (const x of d.timeline || []) items.push({ kind: x.kind || x.type || 'message', at: at(x), v: x.data || x });
    return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  function decisionView(x) {
    return h('div', { class: 'tl decision' },
      h('span', { class: 'tl-icon', 'aria-hidden': 'true' }, '✦'),
      h('div', null, h('strong', null, t('ai_decision')), ' ',
        x.category ? badge(x.category, 'cat') : null, ' ',
        x.confidence !== undefined ? h('span', { class: 'muted' }, `${t('confidence')}: ${pct(x.confidence)}`) : null,
        x.reason ? h('p', { class: 'muted' }, `${t('reason')}: ${x.reason}`) : null,
        x.action ? h('p', { class: 'muted' }, x.action) : null));
  }

  function messageView(m) {
    const mine = m.direction === 'out';
    const who = m.sender_type === 'customer' ? (s.detail.customer && s.detail.customer.name) || t('customer')
      : m.sender_type === 'bot' ? 'Bot' : m.sender_type === 'agent' ? t('agent') : m.sender_type;
    return h('div', { class: `msg ${mine ? 'out' : 'in'} ${m.sender_type}`, 'data-message-id': m.id },
      h('div', { class: 'bubble' }, m.text ?? m.body ?? ''),
      h('div', { class: 'meta' }, `${who} · ${datetime(m.created_at, lang)}`,
        m.status && mine ? ` · ${m.status}` : ''),
      m.decision ? decisionView(m.decision) : null);
  }

  function timelineView(item) {
    const x = item.v;
    switch (item.kind) {
      case 'message': return messageView(x);
      case 'decision': return decisionView(x);
      case 'call': return h('div', { class: 'tl call' }, h('span', { class: 'tl-icon', 'aria-hidden': 'true' }, '☎'),
        h('div', null, h('strong', null, t('call')), ' ', h('span', { class: 'muted' }, datetime(item.at, lang)),
          x.summary ? h('p', null, `${t('summary')}: ${x.summary}`) : null,
          x.transcript ? h('details', null, h('summary', null, t('transcript')),
            h('pre', { class: 'transcript' }, Array.isArray(x.transcript)
              ? x.transcript.map((l) => `${l.role || ''}: ${l.message || l.text || ''}`).join('\n') : String(x.transcript))) : null));
      case 'ticket': return h('div', { class: 'tl ticket' }, h('span', { class: 'tl-icon', 'aria-hidden': 'true' }, '▦'),
        h('div', null, h('strong', null, `${t('ticket')} #${x.id}`), ' ', statusBadge(x.status), ' ', x.subject || ''));
      case 'shipment': return h('div', { class: 'tl shipment' }, h('span', { class: 'tl-icon', 'aria-hidden': 'true' }, '⇄'),
        h('div', null, h('strong', null, `${t('shipment')} ${x.tracking_number || ''}`), ' ', badge(x.status || '', 'ship')));
      default: return h('div', { class: 'tl' }, item.kind);
    }
  }

  const reply = h('textarea', {
    class: 'reply-text', rows: 3, placeholder: t('reply_placeholder'), 'aria-label': t('reply'),
    onkeydown: (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); sendReply(); } },
  });
  const timeline = h('div', { class: 'timeline', 'aria-live': 'polite' });
  const suggestBox = h('div', { class: 'suggestions' });

  function paintThread() {
    const d = s.detail;
    const c = d.customer || {};
    const resolved = d.status === 'resolved';
    const head = h('div', { class: 'thread-head' },
      h('div', null, h('h2', null, c.name || c.phone || `#${d.id}`),
        h('div', { class: 'muted' }, statusBadge(d.status), ' ',
          d.bot_active ? badge(t('bot_active'), 'bot') : badge(t('agent_active'), 'agent'))),
      h('div', { class: 'actions' },
        h('button', { onclick: () => change({ assignee_id: session.user && session.user.id }), disabled: d.assignee_id === (session.user && session.user.id) }, t('assign_me')),
        resolved ? h('button', { onclick: () => change({ status: 'open' }) }, t('reopen'))
          : h('button', { onclick: () => change({ status: 'resolved' }) }, t('resolve')),
        h('button', { onclick: handBack, disabled: d.bot_active }, t('hand_to_bot'))));
    mount(timeline, timelineItems(d).map(timelineView));
    mount(threadPane, head, timeline, suggestBox,
      h('form', { class: 'reply', onsubmit: (e) => { e.preventDefault(); sendReply(); } },
        reply, h('button', { type: 'submit', class: 'primary' }, t('send'))));
    timeline.scrollTop = timeline.scrollHeight;
  }

  function appendMessage(m) {
    if (!s.detail || s.detail.id !== m.conversation_id) return;
    s.detail.messages = s.detail.messages || [];
    if (s.detail.messages.some((x) => x.id === m.id)) return;
    s.detail.messages.push(m);
    const near = timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight < 120;
    timeline.append(messageView(m));
    if (near) timeline.scrollTop = timeline.scrollHeight;
  }

  async function sendReply() {
    const text = reply.value.trim();
    if (!text || !s.detail) return;
    reply.disabled = true;
    try {
      const m = await post(`/api/v1/conversations/${s.detail.id}/messages`, { text });
      reply.value = '';
      appendMessage({ ...m, conversation_id: m.conversation_id || s.detail.id });
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
    } finally {
      reply.disabled = false;
      reply.focus();
    }
  }

  async function change(body) {
    try {
      const c = await patch(`/api/v1/conversations/${s.detail.id}`, body);
      Object.assign(s.detail, c);
      const old = s.byId.get(c.id);
      if (old) s.byId.set(c.id, { ...old, ...c, customer: old.customer });
      repaintRow(c.id);
      paintThread();
      paintSuggestions();
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
    }
  }

  async function handBack() {
    try {
      await patch(`/api/v1/conversations/${s.detail.id}`, { assignee_id: null, bot_active: true });
      select(s.detail.id, true);
    } catch (e) {
      if (e.status === 400) return change({ assignee_id: null });
      toast(`${t('error')}: ${e.message}`, 'error');
    }
  }

  // ---- suggestions ------------------------------------------------------------------------
  async function loadSuggestions() {
    const id = s.selected;
    try {
      const data = await get(`/api/v1/suggestions${query({ status: 'pending', conversation_id: id })}`);
      if (s.selected !== id) return;
      s.suggestions = itemsOf(data).filter((x) => !x.conversation_id || x.conversation_id === id);
      s.suggestionsOff = false;
    } catch (e) {
      s.suggestions = [];
      s.suggestionsOff = e.unavailable;
    }
    paintSuggestions();
  }

  function paintSuggestions() {
    if (!s.suggestions.length) return mount(suggestBox);
    mount(suggestBox, h('h3', null, t('suggestions')), s.suggestions.map((x) => {
      const text = h('textarea', { class: 'suggest-edit', rows: 3, 'aria-label': t('edit_send'), hidden: true });
      text.value = x.text || x.body || '';
      const reason = h('input', { type: 'text', placeholder: t('reject_reason'), 'aria-label': t('reject_reason'), hidden: true });
      const card = h('div', { class: 'suggestion', 'data-suggestion-id': x.id },
        h('p', { class: 'suggest-text' }, x.text || x.body || ''),
        h('div', { class: 'muted' }, x.category ? badge(x.category, 'cat') : null, ' ',
          x.confidence !== undefined ? `${t('confidence')}: ${pct(x.confidence)}` : '', ' ',
          x.reason ? `· ${x.reason}` : ''),
        text, reason,
        h('div', { class: 'actions' },
          h('button', { class: 'primary approve', onclick: () => approve(x, text.hidden ? undefined : text.value) }, t('approve')),
          h('button', { onclick: () => { text.hidden = !text.hidden; if (!text.hidden) text.focus(); } }, t('edit_send')),
          h('button', { class: 'danger', onclick: () => { if (reason.hidden) { reason.hidden = false; reason.focus(); } else reject(x, reason.value); } }, t('reject'))));
      return card;
    }));
  }

  async function approve(x, text) {
    try {
      const r = await post(`/api/v1/suggestions/${x.id}/approve`, text === undefined ? {} : { text });
      s.suggestions = s.suggestions.filter((y) => y.id !== x.id);
      paintSuggestions();
      toast(t('sent_to_customer'));
      if (r && r.message) appendMessage(r.message);
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
    }
  }

  async function reject(x, reason) {
    try {
      await post(`/api/v1/suggestions/${x.id}/reject`, reason ? { reason } : {});
      s.suggestions = s.suggestions.filter((y) => y.id !== x.id);
      paintSuggestions();
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
    }
  }

  // ---- the customer -----------------------------------------------------------------------
  function paintCustomer() {
    const d = s.detail;
    const c = d.customer || {};
    const invoices = h('div', { class: 'cust-invoices' }, loading());
    const shipments = h('div', { class: 'cust-shipments' });
    mount(customerPane,
      h('h2', null, t('customer')),
      h('dl', { class: 'facts' },
        h('dt', null, t('name')), h('dd', null, c.name || '—'),
        h('dt', null, t('phone')), h('dd', null, c.phone || '—'),
        c.email ? [h('dt', null, t('email')), h('dd', null, c.email)] : null),
      h('h3', null, t('tickets')),
      (d.tickets || []).length ? h('ul', { class: 'mini' }, d.tickets.map((x) =>
        h('li', null, h('a', { href: `/tickets/${x.id}`, onclick: (e) => { e.preventDefault(); ctx.navigate(`/tickets/${x.id}`); } }, `#${x.id} ${x.subject}`), ' ', statusBadge(x.status))))
        : h('p', { class: 'muted' }, t('none')),
      h('h3', null, t('orders_shipments')), shipments,
      h('h3', null, t('invoices')), invoices);
    const shipList = (rows) => rows.length ? h('ul', { class: 'mini' }, rows.map((x) => h('li', null,
      `${x.tracking_number || x.order_number || '#' + x.id} `, badge(x.status || '', 'ship'), x.eta ? ` · ${t('eta')} ${datetime(x.eta, lang)}` : '')))
      : h('p', { class: 'muted' }, t('none'));
    if (d.shipments) mount(shipments, shipList(d.shipments));
    else side(shipments, `/api/v1/shipments${query({ customer_id: c.id })}`, (rows) => shipList(rows.filter((x) => !x.customer_id || x.customer_id === c.id)));
    side(invoices, `/api/v1/invoices${query({ customer_id: c.id })}`, (rows) => {
      rows = rows.filter((x) => !x.customer_id || x.customer_id === c.id);
      return rows.length ? h('ul', { class: 'mini' }, rows.map((x) => h('li', null,
        `${x.number || x.folio || '#' + x.id} · ${x.total ?? x.amount ?? ''} ${x.currency || ''} `, badge(x.status || '', 'inv'))))
        : h('p', { class: 'muted' }, t('none'));
    });
  }

  async function side(el2, path, view) {
    try { mount(el2, view(itemsOf(await get(path)))); }
    catch (e) { mount(el2, h('p', { class: 'muted', 'data-state': 'not-available' }, e.unavailable ? t('not_available') : e.message)); }
  }

  // ---- live ---------------------------------------------------------------------------------
  function onLive(f) {
    const d = f.data || {};
    if (f.type === 'message.created') {
      const cid = d.conversation_id;
      const c = s.byId.get(cid);
      if (!c) { addNew(cid, d); return; }
      c.last_message_preview = d.text ?? c.last_message_preview;
      c.last_message_at = d.created_at || new Date().toISOString();
      if (cid === s.selected) appendMessage({ created_at: c.last_message_at, ...d });
      else s.unread.set(cid, (s.unread.get(cid) || 0) + 1);
      s.order = [cid].concat(s.order.filter((id) => id !== cid));
      const li = listEl.querySelector(`li[data-id="${cid}"]`);
      if (li) li.remove();
      if (visible(c)) listEl.prepend(row(c));
      return;
    }
    if (f.type.startsWith('conversation.')) {
      const cid = d.id || d.conversation_id;
      if (s.byId.has(cid)) { s.byId.set(cid, { ...s.byId.get(cid), ...d, customer: s.byId.get(cid).customer }); repaintRow(cid); }
      else refreshTop();
      if (cid === s.selected && s.detail) { Object.assign(s.detail, d, { customer: s.detail.customer }); paintThread(); paintSuggestions(); }
      return;
    }
    if (f.type.startsWith('suggestion.') && d.conversation_id === s.selected) { loadSuggestions(); return; }
    if ((f.type.startsWith('ticket.') || f.type.startsWith('call.') || f.type.startsWith('shipment.') ||
         f.type.startsWith('decision.')) && d.conversation_id && d.conversation_id === s.selected) {
      select(s.selected, true);
    }
  }

  // ---- keyboard -----------------------------------------------------------------------------
  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = (e.target.tagName || '').toLowerCase();
    if (tag === 'input' || tag === 'textarea' || tag === 'select' || e.target.isContentEditable) {
      if (e.key === 'Escape') e.target.blur();
      return;
    }
    const ids = s.order.filter((id) => visible(s.byId.get(id)));
    const at = ids.indexOf(s.selected);
    if (e.key === 'j' || e.key === 'k') {
      const next = ids[Math.max(0, Math.min(ids.length - 1, at + (e.key === 'j' ? 1 : -1)))];
      if (next !== undefined) select(next);
      e.preventDefault();
    } else if (e.key === 'r') {
      reply.focus();
      e.preventDefault();
    } else if (e.key === 'a' && s.suggestions.length) {
      approve(s.suggestions[0]);
      e.preventDefault();
    }
  }
  document.addEventListener('keydown', onKey);

  mount(threadPane, h('div', { class: 'state' }, t('pick_conversation')));
  reload();

  return {
    el,
    onLive,
    onResync() {
      refreshTop();
      if (s.selected) select(s.selected, true);
    },
    dispose() {
      s.disposed = true;
      observer.disconnect();
      document.removeEventListener('keydown', onKey);
    },
  };
}
