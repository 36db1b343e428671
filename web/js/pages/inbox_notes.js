// Private notes in the thread: the composer switches between "Responder" (to the customer) and
// "Nota privada" (to the team, never sent); notes show on the timeline with their own look and
// arrive live to colleagues (note.created). A mention of me (notification.created for my user)
// shows a toast and counts on the "Menciones" button, whose list opens the conversation (or the
// ticket, for a note on a ticket without one).
import { h, mount, datetime } from '../dom.js';
import { get, post, itemsOf, session } from '../api.js';
import { toast } from '../ui.js';
import './toolkit_strings.js';

/// A note as the timeline and the ticket page show it: its own look, mentions highlighted.
export function noteView(ctx, x) {
  const { t, lang } = ctx;
  const text = x.text || '';
  const parts = text.split(/(@[\p{L}\p{N}._-]+)/u).map((p) => (p.startsWith('@') ? h('span', { class: 'mention' }, p) : p));
  return h('div', { class: 'msg note', 'data-note-id': x.id },
    h('div', { class: 'bubble' }, h('span', { class: 'note-tag' }, t('private_note')), h('div', null, parts)),
    h('div', { class: 'meta' }, `${x.sender_name || t('agent')} · ${datetime(x.created_at, lang)}`));
}

export function attachNotes(ctx, { textarea, form, detail, timeline, navigate }) {
  const { t, lang } = ctx;
  let note = false;
  const replyPlaceholder = textarea.placeholder;
  const modeBtn = (isNote, label) => h('button', {
    type: 'button', role: 'tab', class: `mode ${isNote ? 'mode-note' : 'mode-reply'}`, 'aria-selected': String(isNote === note),
    onclick: () => setMode(isNote),
  }, label);
  const modes = h('div', { class: 'compose-modes', role: 'tablist' }, modeBtn(false, t('mode_reply')), modeBtn(true, t('mode_note')));
  form.prepend(modes);

  function setMode(isNote) {
    note = isNote;
    for (const b of modes.children) b.setAttribute('aria-selected', String(b.classList.contains('mode-note') === note));
    form.classList.toggle('note-mode', note);
    textarea.placeholder = note ? t('note_placeholder') : replyPlaceholder;
    const submit = form.querySelector('button[type="submit"]');
    if (submit) submit.textContent = note ? t('add_note') : t('send');
    textarea.focus();
  }

  // Takes the notes out of the detail's messages (they share nothing with them but the
  // timeline) and answers them as timeline items.
  function items(d) {
    const notes = (d.messages || []).filter((m) => m.private);
    if (notes.length) {
      d.messages = d.messages.filter((m) => !m.private);
      d.notes = (d.notes || []).concat(notes);
    }
    return (d.notes || []).map((x) => ({ kind: 'note', at: x.created_at || '', v: x }));
  }

  const view = (x) => noteView(ctx, x);

  function add(x) {
    const d = detail();
    if (!d || d.id !== x.conversation_id) return;
    d.notes = d.notes || [];
    if (d.notes.some((y) => y.id === x.id)) return;
    d.notes.push(x);
    timeline.append(view(x));
    timeline.scrollTop = timeline.scrollHeight;
  }

  async function send() {
    const d = detail();
    const text = textarea.value.trim();
    if (!text || !d) return;
    textarea.disabled = true;
    try {
      add(await post(`/api/v1/conversations/${d.id}/notes`, { text }));
      textarea.value = '';
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
    } finally {
      textarea.disabled = false;
      textarea.focus();
    }
  }

  // ---- mentions of me --------------------------------------------------------------------
  const count = h('span', { class: 'mention-count' });
  const list = h('div', { class: 'mention-list', hidden: true });
  const button = h('button', { type: 'button', class: 'mentions-btn', 'aria-label': t('mentions'),
    onclick: () => { list.hidden = !list.hidden; if (!list.hidden) loadMentions(); } }, '@ ', count);
  const bell = h('div', { class: 'mentions' }, button, list);

  async function loadMentions() {
    try {
      const data = await get('/api/v1/notifications?limit=20');
      count.textContent = data.unread ? String(data.unread) : '';
      if (list.hidden) return;
      const rows = itemsOf(data);
      mount(list, rows.length ? rows.map((n) => h('button', {
        type: 'button', class: `mention-row ${n.read_at ? '' : 'unread'}`,
        onclick: async () => {
          list.hidden = true;
          await post('/api/v1/notifications/read', { ids: [n.id] }).catch(() => {});
          loadMentions();
          navigate(n.conversation_id ? `/inbox/${n.conversation_id}` : `/tickets/${n.ticket_id}`);
        },
      }, h('strong', null, n.author_name || ''), ` ${t('mentioned_you')}: `, n.preview))
        : h('p', { class: 'muted' }, t('no_mentions')));
    } catch { /* shown again on the next mention */ }
  }
  loadMentions();

  return {
    isNote: () => note,
    send,
    items,
    view,
    bell,
    onLive(type, d) {
      if (type === 'note.created') { add(d); return true; }
      if (type === 'notification.created') {
        if (session.user && d.user_id === session.user.id) {
          toast(`@ ${t('mentioned_you')}: ${d.preview || ''}`);
          loadMentions();
        }
        return true;
      }
      return false;
    },
  };
}
