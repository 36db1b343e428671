// The tickets page's search and filters: q (id, subject, description, customer), priority,
// category and label, all answered by the server (GET /api/v1/tickets?q=&priority=&category=&label=).
import { h, debounce } from '../dom.js';
import { get, itemsOf } from '../api.js';
import './toolkit_strings.js';

const priorities = ['low', 'normal', 'high', 'urgent'];
const categories = ['INFO', 'TRACKING', 'BILLING', 'QUOTE', 'COMPLAINT', 'HUMAN', 'OTHER'];

export function ticketFilters(ctx, onChange) {
  const { t } = ctx;
  const q = h('input', { type: 'search', class: 'ticket-search', placeholder: t('search_tickets'), 'aria-label': t('search_tickets'),
    oninput: debounce(() => onChange(), 250) });
  const select = (label, values, text) => h('select', { 'aria-label': label, onchange: () => onChange() },
    h('option', { value: '' }, label), values.map((v) => h('option', { value: v }, text ? text(v) : v)));
  const priority = select(t('any_priority'), priorities);
  const category = select(t('any_category'), categories);
  const label = h('select', { 'aria-label': t('all_labels'), onchange: () => onChange() }, h('option', { value: '' }, t('all_labels')));
  get('/api/v1/labels').then((d) => label.append(...itemsOf(d).map((l) => h('option', { value: l.id }, l.name)))).catch(() => {});
  return {
    el: h('div', { class: 'ticket-filters inline-form' }, q, priority, category, label),
    params: () => ({ q: q.value.trim(), priority: priority.value, category: category.value, label: label.value }),
  };
}
