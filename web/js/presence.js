// Who of the team is available for new conversations (GET /api/v1/presence): switched on and
// with a dashboard open within the away time. Shown in the sidebar, repainted on every
// `presence.changed` frame and when the next person's away time comes.
import { h, mount } from './dom.js';
import { api } from './api.js';
import { t, addStrings } from './i18n.js';

addStrings({
  es: { team_available: 'Disponibles ahora', nobody_available: 'Nadie disponible' },
  en: { team_available: 'Available now', nobody_available: 'Nobody available' },
});

export function presenceBox() {
  const list = h('ul', { class: 'presence-list' });
  const el = h('section', { class: 'presence', 'aria-live': 'polite' },
    h('h2', { class: 'presence-title' }, t('team_available')), list);
  let timer = null;

  async function refresh() {
    clearTimeout(timer);
    let r;
    try { r = await api('GET', '/api/v1/presence'); } catch (e) { return; }
    if (!r) return;
    const items = r.items || [];
    const here = items.filter((u) => u.available);
    mount(list, here.length ? here.map((u) => h('li', { class: 'presence-user', 'data-user': u.id },
      h('span', { class: 'presence-dot', 'aria-hidden': 'true' }), u.name))
      : h('li', { class: 'muted' }, t('nobody_available')));
    // The server says when each available person goes away unless seen again.
    const next = here.map((u) => Date.parse(u.away_at)).filter((x) => x > 0).sort((a, b) => a - b)[0];
    if (next) timer = setTimeout(refresh, Math.max(1000, next - Date.now() + 500));
  }

  refresh();
  return {
    el,
    onFrame(frame) { if (frame.type === 'presence.changed') refresh(); },
  };
}
