// The inbox: the conversation list (inbox_list.js: filters, search, paging on scroll), the thread
// (messages, AI decisions, calls, tickets and shipments on one timeline, suggestions, the reply
// box, a call button) and the customer panel (inbox_customer.js: invoices, quotes to complete
// and send). Live frames update all three without reloading.
import { h, mount, datetime, debounce } from '../dom.js';
import { get, post, patch, itemsOf, query, session } from '../api.js';
import { loading, problem, badge, statusBadge, toast, pct } from '../ui.js';
import { attachControls, mediaUpdated, mediaView } from './inbox_media.js';
import { reasonView, suggestionCards } from './inbox_ai.js';
import { attachCanned } from './inbox_canned.js';
import { attachNotes } from './inbox_notes.js';
import { attachLabels } from './inbox_labels.js';
import { conversationList, filters } from './inbox_list.js';
import { csatView } from './inbox_csat.js';
import { presence } from './inbox_presence.js';
import { windowBox } from './inbox_window.js';
import { paintCustomer } from './inbox_customer.js';

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
    users: null,               // the tenant's users, for the assignment picker
    outboxByMessage: new Map(), // message id → outbox row id, from outbox.failed frames
    adding: new Set(),          // conversations whose detail is being fetched to list them
    early: new Map(),           // message id → a status heard before the message itself
    refreshing: null,
    refreshAgain: false,
    disposed: false,
  };
  if (!filters.includes(s.filter)) s.filter = 'open';
  const pres = presence(ctx, (id) => ((s.users || []).find((u) => u.id === id) || {}).name || `#${id}`);

  const labels = attachLabels(ctx, { onFilter: () => list.reload(), onChanged: (c) => mergeConversation(c) });
  const list = conversationList(ctx, s, { labels, onSelect: (id, quiet) => select(id, quiet) });
  const threadPane = h('section', { class: 'pane thread-pane', 'aria-label': t('reply') });
  const customerPane = h('aside', { class: 'pane customer-pane', 'aria-label': t('customer') });
  const el = h('div', { class: 'inbox' }, list.pane, threadPane, customerPane);

  // ---- the thread -------------------------------------------------------------------------
  async function select(id, quiet) {
    s.selected = id;
    pres.viewing(id);
    list.markSelected(id);
    if (!quiet && location.pathname !== `/inbox/${id}`) history.replaceState(null, '', `/inbox/${id}`);
    s.detail = null;
    s.suggestions = [];
    mount(suggestBox);
    mount(threadPane, loading());
    mount(customerPane);
    try {
      const d = await get(`/api/v1/conversations/${id}`);
      if (s.selected !== id || s.disposed) return;
      s.detail = d;
      paintThread();
      paintCustomer(customerPane, s.detail, { t, lang, navigate: ctx.navigate, refresh: refreshDetail });
      loadSuggestions();
    } catch (e) {
      if (s.selected === id) mount(threadPane, problem(e, () => select(id)));
    }
  }

  // The open conversation again, without a loading state (a ticket or a call changed): the
  // reply being typed and the scroll position stay.
  const refreshDetail = debounce(async () => {
    const id = s.selected;
    if (!id || !s.detail) return;
    try {
      const d = await get(`/api/v1/conversations/${id}`);
      if (s.selected !== id || s.disposed) return;
      const top = timeline.scrollTop;
      s.detail = d;
      paintThread(top);
      paintCustomer(customerPane, s.detail, { t, lang, navigate: ctx.navigate, refresh: refreshDetail });
    } catch { /* the next event tries again */ }
  }, 300);

  // Messages in order, each followed by the AI's decisions about it; the rest (calls, tickets,
  // decisions about messages older than the ones loaded) by time.
  function timelineItems(d) {
    const items = notes.items(d);
    const at = (x) => x.created_at || x.started_at || x.updated_at || '';
    const shown = new Set((d.messages || []).map((m) => m.id));
    for (const m of d.messages || []) items.push({ kind: 'message', at: at(m), v: m });
    for (const x of d.decisions || []) if (!shown.has(x.message_id)) items.push({ kind: 'decision', at: at(x), v: x });
    for (const x of d.calls || []) items.push({ kind: 'call', at: at(x), v: x });
    for (const x of d.tickets || []) items.push({ kind: 'ticket', at: at(x), v: x });
    return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  const decisionsOf = (mid) => ((s.detail && s.detail.decisions) || []).filter((x) => x.message_id === mid);

  function decisionView(x) {
    const action = x.action ? (t(`act_${x.action}`) === `act_${x.action}` ? x.action : t(`act_${x.action}`)) : '';
    return h('div', { class: 'tl decision', 'data-decision-id': x.id, 'data-message-id': x.message_id },
      h('span', { class: 'tl-icon', 'aria-hidden': 'true' }, '✦'),
      h('div', null,
        h('div', { class: 'decision-line' }, h('strong', null, t('ai_decision')), ' ',
          x.category ? badge(x.category, 'cat') : null, ' ',
          x.confidence !== undefined && x.confidence !== null
            ? h('span', { class: 'confidence' }, `${t('confidence')} ${pct(x.confidence)}`) : null,
          action ? [' · ', h('span', { class: 'action' }, `${t('action')}: ${action}`)] : null),
        reasonView(x)));
  }

  const ticks = { queued: '◷', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '⚠', dead: '⚠' };
  function tickView(m) {
    if (m.direction !== 'out' || !m.status) return null;
    const bad = m.status === 'failed' || m.status === 'dead';
    return h('span', { class: `tick st-${m.status}`, 'data-status': m.status, title: t(`msg_${m.status}`) },
      `${ticks[m.status] || ''} ${t(`msg_${m.status}`)}`,
      bad ? [' · ', h('button', { type: 'button', class: 'link retry', onclick: () => retrySend(m) }, t('retry_send'))] : null);
  }

  function messageView(m) {
    const mine = m.direction === 'out';
    const who = m.sender_type === 'customer' ? (s.detail.customer && s.detail.customer.name) || t('customer')
      : m.sender_type === 'bot' ? 'Bot' : m.sender_type === 'agent' ? t('agent') : m.sender_type;
    return h('div', { class: `msg ${mine ? 'out' : 'in'} ${m.sender_type}`, 'data-message-id': m.id },
      h('div', { class: 'bubble' }, m.text ?? m.body ?? '', mediaView(m.media)),
      h('div', { class: 'meta' }, `${who} · ${datetime(m.created_at, lang)}`, mine && m.status ? ' · ' : '', tickView(m)));
  }

  function callText(x) {
    const tr = x.transcript;
    if (!tr) return '';
    if (Array.isArray(tr)) return tr.map((l) => `${l.role || ''}: ${l.message || l.text || ''}`).join('\n');
    return typeof tr === 'string' ? tr : JSON.stringify(tr);
  }

  function timelineView(item) {
    const x = item.v;
    switch (item.kind) {
      case 'message': return [messageView(x), decisionsOf(x.id).map(decisionView)];
      case 'decision': return decisionView(x);
      case 'note': return notes.view(x);
      case 'call': return h('div', { class: 'tl call' }, h('span', { class: 'tl-icon', 'aria-hidden': 'true' }, '☎'),
        h('div', null, h('strong', null, t('call')), ' ', h('span', { class: 'muted' }, datetime(item.at, lang)),
          x.duration_s ? h('span', { class: 'muted' }, ` · ${x.duration_s} s`) : null,
          x.summary ? h('p', null, `${t('summary')}: ${x.summary}`) : null,
          callText(x) ? h('details', null, h('summary', null, t('transcript')), h('pre', { class: 'transcript' }, callText(x))) : null));
      case 'ticket': return h('div', { class: 'tl ticket' }, h('span', { class: 'tl-icon', 'aria-hidden': 'true' }, '▦'),
        h('div', null, h('strong', null, `${t('ticket')} #${x.id}`), ' ', statusBadge(x.status), ' ', x.subject || ''));
      default: return h('div', { class: 'tl' }, item.kind);
    }
  }

  const reply = h('textarea', {
    class: 'reply-text', rows: 3, placeholder: t('reply_placeholder'), 'aria-label': t('reply'), oninput: () => pres.typing(),
    onkeydown: (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); sendReply(); } },
  });
  const timeline = h('div', { class: 'timeline', 'aria-live': 'polite' });
  const suggestBox = h('div', { class: 'suggestions' });
  const headEl = h('div', { class: 'thread-head' });
  const replyForm = h('form', { class: 'reply', onsubmit: (e) => { e.preventDefault(); sendReply(); } },
    reply, attachControls({ dropZone: threadPane, textarea: reply, conversationId: () => s.detail && s.detail.id, onSent: (m) => appendMessage(m) }),
    h('button', { type: 'submit', class: 'primary' }, t('send')));
  const canned = attachCanned(ctx, reply, replyForm, () => s.detail);
  const notes = attachNotes(ctx, { textarea: reply, form: replyForm, detail: () => s.detail, timeline, navigate: ctx.navigate });
  list.head.append(notes.bell);

  const windowPane = windowBox(t, replyForm, (m) => appendMessage({ ...m, conversation_id: m.conversation_id || s.detail.id }));
  const me = () => session.user && session.user.id;

  function assigneePicker(d) {
    const users = s.users || [];
    const known = users.some((u) => u.id === d.assignee_id);
    return h('label', { class: 'assignee' }, h('span', { class: 'sr-only' }, t('assignee')),
      h('select', { class: 'assignee-picker', 'aria-label': t('assignee'),
        onchange: (e) => change({ assignee_id: e.target.value ? Number(e.target.value) : null }) },
      h('option', { value: '', selected: d.assignee_id == null }, t('unassigned')),
      d.assignee_id != null && !known ? h('option', { value: d.assignee_id, selected: true }, `#${d.assignee_id}`) : null,
      users.map((u) => h('option', { value: u.id, selected: u.id === d.assignee_id },
        `${u.name || u.email}${u.online ? '' : ` (${t('offline')})`}`))));
  }

  function paintHead() {
    const d = s.detail;
    if (!d) return;
    windowPane.update(d);
    const c = d.customer || {};
    const resolved = d.status === 'resolved';
    mount(headEl,
      h('div', null, h('h2', null, c.name || c.phone || `#${d.id}`),
        h('div', { class: 'muted' }, statusBadge(d.status), ' ',
          d.bot_active ? badge(t('bot_active'), 'bot') : badge(t('bot_paused'), 'paused'), ' ', csatView(t, d)), labels.bar(d), pres.el),
      h('div', { class: 'actions' },
        assigneePicker(d),
        h('button', { onclick: () => change({ assignee_id: me() }), disabled: d.assignee_id === me() }, t('assign_me')),
        resolved ? h('button', { onclick: () => change({ status: 'open' }) }, t('reopen'))
          : h('button', { onclick: () => change({ status: 'resolved' }) }, t('resolve')),
        h('button', { class: 'hand-back', onclick: handBack, disabled: d.bot_active }, t('hand_to_bot')),
        h('button', { class: 'call-customer', onclick: startCall }, t('call_customer'))));
  }

  // An outbound call through ElevenLabs; the call shows on the timeline by its live event.
  async function startCall(e) {
    const id = s.selected;
    e.target.disabled = true;
    try {
      await post(`/api/v1/conversations/${id}/calls`);
      toast(t('call_started'));
    } catch (err) {
      toast(`${t('error')}: ${err.message}`, 'error');
    } finally {
      e.target.disabled = false;
    }
  }

  function paintThread(keepScroll) {
    const d = s.detail;
    paintHead();
    mount(timeline, timelineItems(d).map(timelineView));
    mount(threadPane, headEl, timeline, suggestBox, windowPane.el, replyForm);
    timeline.scrollTop = keepScroll ?? timeline.scrollHeight;
  }

  function nearBottom() {
    return timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight < 120;
  }

  function appendMessage(m) {
    if (!s.detail || s.detail.id !== m.conversation_id) return;
    s.detail.messages = s.detail.messages || [];
    const known = s.detail.messages.find((x) => x.id === m.id);
    if (known) {
      // The live frame and the POST's answer race; the fuller one fills what the other lacks.
      if (!known.status && m.status) setMessageStatus({ id: m.id, conversation_id: m.conversation_id, status: m.status });
      return;
    }
    if (s.early.has(m.id)) { m = { ...m, status: s.early.get(m.id) }; s.early.delete(m.id); }
    s.detail.messages.push(m);
    const near = nearBottom();
    timeline.append(messageView(m), ...decisionsOf(m.id).map(decisionView));
    if (near) timeline.scrollTop = timeline.scrollHeight;
  }

  // A decision heard live: after its message (or at the end when that message is not shown).
  function addDecision(x) {
    if (!s.detail || s.detail.id !== x.conversation_id) return;
    s.detail.decisions = s.detail.decisions || [];
    if (s.detail.decisions.some((y) => y.id === x.id)) return;
    x = { created_at: new Date().toISOString(), ...x };
    s.detail.decisions.push(x);
    const near = nearBottom();
    const msgEl = timeline.querySelector(`.msg[data-message-id="${x.message_id}"]`);
    const view = decisionView(x);
    if (msgEl) {
      let after = msgEl;
      while (after.nextElementSibling && after.nextElementSibling.matches('.decision')) after = after.nextElementSibling;
      after.after(view);
    } else timeline.append(view);
    if (near) timeline.scrollTop = timeline.scrollHeight;
  }

  function setMessageStatus(d) {
    if (!s.detail || s.detail.id !== d.conversation_id) return;
    const m = (s.detail.messages || []).find((x) => x.id === d.id);
    if (!m) { s.early.set(d.id, d.status); return; }
    m.status = d.status;
    const el2 = timeline.querySelector(`.msg[data-message-id="${d.id}"]`);
    if (el2) el2.replaceWith(messageView(m));
  }

  // The outbox row of a failed or dead message: heard live (outbox.failed), else looked up.
  async function retrySend(m) {
    try {
      let id = s.outboxByMessage.get(m.id);
      for (const st of ['dead', 'failed']) {
        if (id) break;
        const rows = itemsOf(await get(`/api/v1/outbox${query({ status: st, limit: 200 })}`));
        const row = rows.find((r) => r.message_id === m.id);
        if (row) id = row.id;
      }
      if (!id) throw new Error(t('outbox_row_missing'));
      await post(`/api/v1/outbox/${id}/retry`, {});
      // The live "queued" (and the new attempt's outcome) may have arrived before this answer:
      // only a message still shown as failed or dead is marked queued here.
      const shown = (s.detail && (s.detail.messages || []).find((x) => x.id === m.id)) || m;
      if (shown.status === 'failed' || shown.status === 'dead') {
        setMessageStatus({ id: m.id, conversation_id: m.conversation_id || s.detail.id, status: 'queued' });
      }
      toast(t('retrying'));
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
    }
  }

  async function sendReply() {
    if (notes.isNote()) return notes.send();
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

  // Fields of a conversation (a PATCH answer or a live frame) into the list and the thread.
  function mergeConversation(c) {
    const old = s.byId.get(c.id);
    if (old) { s.byId.set(c.id, { ...old, ...c, customer: old.customer }); list.repaintRow(c.id); }
    if (s.detail && s.detail.id === c.id) {
      const { customer, ...fields } = c;
      Object.assign(s.detail, fields);
      paintHead();
    }
  }

  async function change(body) {
    try {
      mergeConversation(await patch(`/api/v1/conversations/${s.detail.id}`, body));
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
      paintHead();
    }
  }

  const handBack = () => change({ bot_active: true });

  async function loadUsers() {
    try {
      s.users = itemsOf(await get('/api/v1/users'));
      paintHead();
    } catch { s.users = []; }
  }

  // ---- suggestions ------------------------------------------------------------------------
  async function loadSuggestions() {
    const id = s.selected;
    try {
      const data = await get(`/api/v1/suggestions${query({ status: 'pending,superseded', conversation_id: id })}`);
      if (s.selected !== id) return;
      s.suggestions = itemsOf(data).filter((x) => x.conversation_id === id);
    } catch {
      s.suggestions = [];
    }
    paintSuggestions();
  }

  // The box grows or shrinks under the timeline: one that was at its end stays there.
  function paintSuggestions() {
    const near = nearBottom();
    paintSuggestionCards();
    if (near) timeline.scrollTop = timeline.scrollHeight;
  }

  function paintSuggestionCards() {
    if (!s.suggestions.length) return mount(suggestBox);
    mount(suggestBox, h('h3', null, t('suggestions')), suggestionCards(s.suggestions, { approve, reject }));
  }

  function dropSuggestion(id) {
    const before = s.suggestions.length;
    s.suggestions = s.suggestions.filter((y) => y.id !== id);
    if (s.suggestions.length !== before) paintSuggestions();
  }

  async function approve(x, text, confirm) {
    try {
      const r = await post(`/api/v1/suggestions/${x.id}/approve`, { ...(text === undefined ? {} : { text }), ...(confirm ? { confirm } : {}) });
      dropSuggestion(x.id);
      toast(t('sent_to_customer'));
      // The queued reply comes as message.created; without the live feed, read it.
      if (r && r.sent_message_id && state.liveState !== 'open') refreshDetail();
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
      if (e.status === 409 || e.status === 404) loadSuggestions();
    }
  }

  async function reject(x, reason) {
    try {
      await post(`/api/v1/suggestions/${x.id}/reject`, reason ? { reason } : {});
      dropSuggestion(x.id);
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
    }
  }

  // ---- live ---------------------------------------------------------------------------------
  function onLive(f) {
    const d = f.data || {};
    const type = f.type || '';
    if (type === 'presence') { pres.onFrame(f); return; }
    if (notes.onLive(type, d)) return;
    canned.onLive(type);
    labels.onLive(type);
    if (type === 'message.created') {
      const cid = d.conversation_id;
      const c = s.byId.get(cid);
      if (!c) { list.addNew(cid, d); return; }
      c.last_message_preview = d.text ?? c.last_message_preview;
      c.last_message_at = d.created_at || new Date().toISOString();
      if (cid === s.selected) appendMessage({ created_at: c.last_message_at, ...d });
      else if (d.direction === 'in') s.unread.set(cid, (s.unread.get(cid) || 0) + 1);
      list.moveToTop(c);
      return;
    }
    if (type === 'message.updated') { setMessageStatus(d); return; }
    if (type === 'media.updated') { if (s.detail && d.conversation_id === s.detail.id) mediaUpdated(timeline, s.detail.messages, d); return; }
    if (type === 'sla.breached' && d.entity_type === 'conversation') { list.repaintRow(d.entity_id); return; }
    if (type === 'outbox.failed') {
      if (d.message_id) s.outboxByMessage.set(d.message_id, d.id);
      if (d.status) setMessageStatus({ id: d.message_id, conversation_id: d.conversation_id, status: d.status });
      return;
    }
    if (type === 'ai.decision') {
      addDecision(d);
      // A BILLING or QUOTE message brings invoices or a drafted quote to the customer pane.
      if ((d.category === 'BILLING' || d.category === 'QUOTE') && d.conversation_id === s.selected) refreshDetail();
      return;
    }
    if (type === 'suggestion.created') {
      if (d.conversation_id === s.selected && s.detail && !s.suggestions.some((x) => x.id === d.id)) {
        s.suggestions.push(d);
        paintSuggestions();
      }
      return;
    }
    if (type === 'suggestion.resolved') {
      const x = d.status === 'superseded' && s.suggestions.find((y) => y.id === d.id);
      if (x) { x.status = 'superseded'; paintSuggestions(); } else dropSuggestion(d.id);
      return;
    }
    if (type.startsWith('csat.') && d.conversation_id === s.selected) { refreshDetail(); return; }
    if (type.startsWith('conversation.')) {
      const cid = d.id || d.conversation_id;
      if (s.byId.has(cid) || (s.detail && s.detail.id === cid)) mergeConversation({ ...d, id: cid });
      else list.addNew(cid, {}, false);  // it may now match the filter (assigned to me, reopened)
      return;
    }
    if ((type.startsWith('ticket.') || type.startsWith('call.') || type.startsWith('shipment.') || type.startsWith('quote.')) &&
        d.conversation_id && d.conversation_id === s.selected) {
      refreshDetail();
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
    const ids = list.shownIds();
    const at = ids.indexOf(s.selected);
    if (e.key === 'j' || e.key === 'k') {
      const next = ids[Math.max(0, Math.min(ids.length - 1, at + (e.key === 'j' ? 1 : -1)))];
      if (next !== undefined) select(next);
      e.preventDefault();
    } else if (e.key === 'r') {
      reply.focus();
      e.preventDefault();
    } else if (e.key === 'a' && s.suggestions.some((x) => x.status !== 'superseded')) {
      approve(s.suggestions.find((x) => x.status !== 'superseded'));
      e.preventDefault();
    }
  }
  document.addEventListener('keydown', onKey);

  mount(threadPane, h('div', { class: 'state' }, t('pick_conversation')));
  list.reload();
  loadUsers();

  return {
    el,
    onLive,
    onResync() {
      list.refreshTop();
      if (s.selected) select(s.selected, true);
    },
    dispose() {
      s.disposed = true;
      pres.dispose();
      list.dispose();
      document.removeEventListener('keydown', onKey);
    },
  };
}
