// The satisfaction rating in the inbox's thread head: the customer's stars once they rated the
// conversation, or "rating requested" while the question waits (csat in GET
// /api/v1/conversations/{id}; the csat.rated frame reloads the detail).
import './contacts_strings.js';
import { h } from '../dom.js';

export function csatView(t, d) {
  const c = d && d.csat;
  if (!c) return null;
  if (!c.rating) return h('span', { class: 'badge csat-asked', 'data-csat': 'asked' }, t('csat_asked'));
  return h('span', { class: 'badge csat-rated', 'data-csat': String(c.rating), title: t('csat_rating') },
    `${'★'.repeat(c.rating)}${'☆'.repeat(5 - c.rating)} ${c.rating}/5`);
}
