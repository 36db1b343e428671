// Who else is viewing the open conversation and who is typing, live (docs/protocols.md
// §Presence): this dashboard sends {"type":"viewing"|"typing","conversation_id":N} on its
// WebSocket (viewing again every 20 s while the conversation stays open, typing at most every
// 3 s), and the server relays the others' as `presence` frames, never stored. A viewer not heard
// from for 45 s, or a typist for 6 s, is dropped.
import './contacts_strings.js';
import { h, mount } from '../dom.js';

const viewingTtl = 45000;
const typingTtl = 6000;

export function presence(ctx, userName) {
  const { t, state } = ctx;
  const el = h('div', { class: 'thread-presence', 'aria-live': 'polite' });
  const others = new Map();  // user id → {conversation_id, viewingAt, typingAt}
  let current = null;
  let lastTyping = 0;
  const send = (frame) => { if (state.live && state.live.send) state.live.send(frame); };
  const me = () => ctx.user && ctx.user.id;

  function paint() {
    const now = Date.now();
    const here = [...others.entries()].filter(([, o]) => o.conversation_id === current && now - o.viewingAt < viewingTtl);
    const typing = here.filter(([, o]) => now - o.typingAt < typingTtl).map(([id]) => userName(id));
    const viewing = here.map(([id]) => userName(id));
    mount(el,
      viewing.length ? h('span', { class: 'viewing' }, `◉ ${t('viewing')}: ${viewing.join(', ')}`) : null,
      typing.length ? h('span', { class: 'typing' }, ` · ${typing.join(', ')} ${t('typing')}`) : null);
  }

  const ticker = setInterval(() => {
    if (current && !document.hidden) send({ type: 'viewing', conversation_id: current });
    paint();
  }, 20000);
  const expire = setInterval(paint, 2000);

  return {
    el,
    viewing(id) {
      current = id;
      send({ type: 'viewing', conversation_id: id });
      paint();
    },
    typing() {
      if (!current || Date.now() - lastTyping < 3000) return;
      lastTyping = Date.now();
      send({ type: 'typing', conversation_id: current });
    },
    onFrame(f) {
      if (f.type !== 'presence' || !f.data || f.data.user_id === me()) return;
      const d = f.data;
      const o = others.get(d.user_id) || { conversation_id: null, viewingAt: 0, typingAt: 0 };
      if (d.kind === 'left' || (d.kind === 'viewing' && d.conversation_id === null)) {
        others.delete(d.user_id);
      } else {
        // Typing in a conversation is viewing it too.
        if (o.conversation_id !== d.conversation_id) o.typingAt = 0;
        o.conversation_id = d.conversation_id;
        o.viewingAt = Date.now();
        if (d.kind === 'typing') o.typingAt = Date.now();
        others.set(d.user_id, o);
        // A newcomer learns about us at once rather than at our next refresh.
        if (d.kind === 'viewing' && d.conversation_id === current && o.announced !== current) {
          o.announced = current;
          send({ type: 'viewing', conversation_id: current });
        }
      }
      paint();
    },
    dispose() {
      clearInterval(ticker);
      clearInterval(expire);
      send({ type: 'viewing', conversation_id: null });
    },
  };
}
