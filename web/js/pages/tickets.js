// Tickets: a kanban by status with drag and drop (PATCH status; the server enforces the
// transitions and its refusal is shown), a table view, and a ticket's detail with its events.
import { h, mount, datetime } from '../dom.js';
import { get, post, patch, itemsOf, query } from '../api.js';
import { loading, problem, badge, statusBadge, slaBadge, table, toast, fill } from '../ui.js';
import { ticketFilters } from './tickets_filters.js';
import { noteView } from './inbox_notes.js';
import './toolkit_strings.js';

const statuses = ['NEW', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'];

export function render(ctx) {
  const { t, lang } = ctx;
  const id = Number((ctx.path.match(/^\/tickets\/(\d+)/) || [])[1]) || null;
  if (id) return detail(ctx, id);
  let view = sessionStorage.getItem('centralita.ticketView') || 'board';
  let tickets = [];
  const body = h('div', { class: 'tickets-body' }, loading());
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const switcher = h('div', { class: 'tabs', role: 'tablist' }, ['board', 'table'].map((v) =>
    h('button', { role: 'tab', 'aria-selected': String(v === view), 'data-view': v,
      onclick: () => { view = v; sessionStorage.setItem('centralita.ticketView', v); paintSwitch(); paint(); } }, t(v))));
  const subject = h('input', { type: 'text', placeholder: t('subject'), 'aria-label': t('subject'), required: true });
  const form = h('form', { class: 'inline-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await post('/api/v1/tickets', { subject: subject.value.trim() });
      subject.value = '';
      load();
    } catch (err) { msg.textContent = err.message; }
  } }, subject, h('button', { type: 'submit', class: 'primary' }, t('new_ticket')));
  const filters = ticketFilters(ctx, () => load());
  const el = h('div', { class: 'tickets' }, h('div', { class: 'toolbar' }, switcher, form), filters.el, msg, body);

  function paintSwitch() {
    for (const b of switcher.children) b.setAttribute('aria-selected', String(b.dataset.view === view));
  }

  async function load() {
    try {
      const all = [];
      let cursor = null;
      for (let i = 0; i < 5; i++) {
        const data = await get(`/api/v1/tickets${query({ limit: 200, cursor, ...filters.params() })}`);
        all.push(...itemsOf(data));
        cursor = data && data.next_cursor;
        if (!cursor) break;
      }
      tickets = all;
      paint();
    } catch (e) {
      mount(body, problem(e, load));
    }
  }

  const open = (x) => ctx.navigate(`/tickets/${x.id}`);

  function card(x) {
    return h('article', {
      class: `ticket-card p-${x.priority}`, draggable: 'true', tabindex: 0, 'data-ticket-id': x.id,
      'aria-label': `${t('ticket')} #${x.id}: ${x.subject}`,
      ondragstart: (e) => { e.dataTransfer.setData('text/plain', String(x.id)); e.dataTransfer.effectAllowed = 'move'; },
      onclick: () => open(x),
      onkeydown: (e) => {
        if (e.key === 'Enter') open(x);
        // Keyboard alternative to dragging: Shift+←/→ moves to the neighbouring column.
        if (e.shiftKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
          const i = statuses.indexOf(x.status) + (e.key === 'ArrowRight' ? 1 : -1);
          if (i >= 0 && i < statuses.length) move(x.id, statuses[i]);
        }
      },
    },
    h('div', { class: 'ticket-id' }, `#${x.id}`, ' ', badge(x.priority || '', `prio ${x.priority}`),
      x.category ? badge(x.category, 'cat') : null, slaBadge(x)),
    h('div', { class: 'ticket-subject' }, x.subject),
    h('div', { class: 'muted' }, datetime(x.updated_at || x.created_at, lang)));
  }

  function paint() {
    msg.textContent = '';
    if (view === 'table') {
      mount(body, table([
        { label: '#', value: (x) => String(x.id) },
        { label: t('subject'), value: (x) => x.subject },
        { label: t('status'), value: (x) => statusBadge(x.status) },
        { label: t('priority'), value: (x) => x.priority },
        { label: 'SLA', value: (x) => slaBadge(x) || '—' },
        { label: t('category'), value: (x) => x.category || '—' },
        { label: t('updated'), value: (x) => datetime(x.updated_at, lang) },
      ], tickets, open));
      return;
    }
    mount(body, h('div', { class: 'kanban' }, statuses.map((st) => {
      const col = tickets.filter((x) => x.status === st);
      return h('section', {
        class: 'column', 'data-status': st, 'aria-label': t(st),
        ondragover: (e) => { e.preventDefault(); e.currentTarget.classList.add('over'); },
        ondragleave: (e) => e.currentTarget.classList.remove('over'),
        ondrop: (e) => {
          e.preventDefault();
          e.currentTarget.classList.remove('over');
          move(Number(e.dataTransfer.getData('text/plain')), st);
        },
      }, h('h2', null, t(st), ' ', h('span', { class: 'count' }, String(col.length))), col.map(card));
    })));
  }

  async function move(ticketId, status) {
    const x = tickets.find((y) => y.id === ticketId);
    if (!x || x.status === status) return;
    const before = x.status;
    x.status = status;
    paint();
    try {
      Object.assign(x, await patch(`/api/v1/tickets/${ticketId}`, { status }));
      paint();
    } catch (e) {
      x.status = before;
      paint();
      msg.textContent = `#${ticketId}: ${e.message}`;
      toast(e.message, 'error');
    }
  }

  load();
  return {
    el,
    onLive(f) { if (f.type.startsWith('ticket.')) load(); },
  };
}

// "status: NEW → IN_PROGRESS" for each field an event changed; the fields themselves for a creation.
function change(e) {
  const before = e.before || {};
  const after = e.after || {};
  return Object.keys(after).map((k) => (k in before ? `${k}: ${before[k]} → ${after[k]}` : `${k}: ${after[k]}`)).join(' · ');
}

function detail(ctx, id) {
  const { t, lang } = ctx;
  const el = h('div', { class: 'ticket-detail' }, loading());
  const update = async (body) => {
    try { await patch(`/api/v1/tickets/${id}`, body); ctx.navigate(`/tickets/${id}`); }
    catch (err) { toast(err.message, 'error'); }
  };
  const notes = ticketNotes(ctx, id);
  fill(el, async () => {
    const [x, ev] = await Promise.all([get(`/api/v1/tickets/${id}`),
      get(`/api/v1/tickets/${id}/events`).catch(() => ({ items: [] })), notes.load()]);
    return { x, events: itemsOf(ev) };
  }, ({ x, events }) => h('div', null,
    h('a', { href: '/tickets', class: 'back', onclick: (e) => { e.preventDefault(); ctx.navigate('/tickets'); } }, `← ${t('tickets')}`),
    h('h2', null, `#${x.id} ${x.subject}`),
    h('div', null, statusBadge(x.status), ' ', badge(x.priority, `prio ${x.priority}`), ' ', x.category ? badge(x.category, 'cat') : null),
    x.description ? h('p', { class: 'description' }, x.description) : null,
    h('dl', { class: 'facts' },
      h('dt', null, t('created')), h('dd', null, datetime(x.created_at, lang)),
      h('dt', null, t('updated')), h('dd', null, datetime(x.updated_at, lang)),
      h('dt', null, 'SLA'), h('dd', null, datetime(x.resolution_due_at, lang)),
      x.conversation_id ? [h('dt', null, t('conversations')), h('dd', null,
        h('a', { href: `/inbox/${x.conversation_id}`, onclick: (e) => { e.preventDefault(); ctx.navigate(`/inbox/${x.conversation_id}`); } }, `#${x.conversation_id}`))] : null),
    h('div', { class: 'actions' },
      h('label', { class: 'check' }, t('priority'), h('select', { 'aria-label': t('priority'), onchange: (e) => update({ priority: e.target.value }) },
        ['low', 'normal', 'high', 'urgent'].map((p) => h('option', { value: p, selected: p === x.priority }, p)))),
      h('button', { disabled: x.assignee_id === ctx.user.id, onclick: () => update({ assignee_id: ctx.user.id }) }, t('assign_me'))),
    h('div', { class: 'actions' }, h('span', { class: 'muted' }, t('move_to')),
      statuses.filter((st) => st !== x.status).map((st) => h('button', { 'data-move': st, onclick: () => update({ status: st }) }, t(st)))),
    notes.el,
    h('h3', null, t('ticket_events')),
    h('ol', { class: 'events' }, events.map((e) => h('li', null,
      h('time', null, datetime(e.created_at, lang)), ' ', h('strong', null, e.kind), ' ', change(e),
      e.note ? ` · ${e.note}` : '', h('span', { class: 'muted' }, ` · ${e.actor_type}`))))));
  return {
    el,
    onLive(f) {
      if (f.type === 'note.created' && f.data && f.data.ticket_id === id) { notes.add(f.data); return; }
      if (f.type.startsWith('ticket.') && f.data && f.data.id === id) ctx.navigate(`/tickets/${id}`);
    },
  };
}

// A ticket's private notes: the list (live) and a form; @name notifies that person.
function ticketNotes(ctx, id) {
  const { t } = ctx;
  const list = h('div', { class: 'ticket-notes-list' });
  const seen = new Set();
  const text = h('textarea', { rows: 3, 'aria-label': t('ticket_notes'), placeholder: t('note_placeholder'), maxlength: 4096 });
  const form = h('form', { class: 'ticket-note-form', onsubmit: async (e) => {
    e.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    text.disabled = true;
    try {
      add(await post(`/api/v1/tickets/${id}/notes`, { text: body }));
      text.value = '';
    } catch (err) {
      toast(err.message, 'error');
    } finally {
      text.disabled = false;
    }
  } }, text, h('button', { type: 'submit', class: 'primary' }, t('add_note')));
  function add(x) {
    if (seen.has(x.id)) return;
    if (!seen.size) list.textContent = '';
    seen.add(x.id);
    list.append(noteView(ctx, x));
  }
  return {
    el: h('section', { class: 'ticket-notes' }, h('h3', null, t('ticket_notes')), list, form),
    add,
    async load() {
      const items = itemsOf(await get(`/api/v1/tickets/${id}/notes`).catch(() => ({ items: [] })));
      list.textContent = items.length ? '' : t('no_notes');
      items.forEach(add);
    },
  };
}
