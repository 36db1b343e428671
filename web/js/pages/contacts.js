// Contactos: the tenant's customers searched by name, phone or e-mail (GET /api/v1/customers?q=),
// one with all their history (GET /api/v1/customers/{id}), edited (PATCH: name, e-mail, notes,
// custom attributes) and merged with a duplicate (POST /api/v1/customers/{id}/merge {from}: the
// open contact stays). Live: customer.updated and customer.merged reload what is shown.
import './contacts_strings.js';
import { h, mount, datetime, debounce } from '../dom.js';
import { get, patch, post, itemsOf, query } from '../api.js';
import { loading, problem, table, toast, statusBadge, badge, submitting } from '../ui.js';

const stars = (n) => (n ? `${'★'.repeat(n)}${'☆'.repeat(5 - n)}` : '—');

function attributeRows(t, attributes) {
  const rows = h('div', { class: 'attr-rows' });
  const add = (k = '', v = '') => rows.append(h('div', { class: 'row attr-row' },
    h('input', { type: 'text', class: 'attr-key', value: k, placeholder: t('attr_key'), 'aria-label': t('attr_key'), maxLength: 64 }),
    h('input', { type: 'text', class: 'attr-value', value: v, placeholder: t('attr_value'), 'aria-label': t('attr_value'), maxLength: 500 }),
    h('button', { type: 'button', class: 'ghost', 'aria-label': t('delete'), onclick: (e) => e.currentTarget.parentElement.remove() }, '×')));
  for (const [k, v] of Object.entries(attributes || {})) add(k, v);
  const read = () => {
    const out = {};
    for (const r of rows.querySelectorAll('.attr-row')) {
      const k = r.querySelector('.attr-key').value.trim();
      if (k) out[k] = r.querySelector('.attr-value').value;
    }
    return out;
  };
  return { el: h('div', null, rows, h('button', { type: 'button', class: 'ghost add-attr', onclick: () => add() }, `+ ${t('add_attribute')}`)), read };
}

function editForm(t, c, onSaved) {
  const name = h('input', { type: 'text', id: 'contact-name', value: c.name || '', maxLength: 200 });
  const email = h('input', { type: 'email', id: 'contact-email', value: c.email || '', maxLength: 254 });
  const notes = h('textarea', { id: 'contact-notes', rows: 3, maxLength: 4000 }, c.notes || '');
  const attrs = attributeRows(t, c.attributes);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary save-contact' }, t('save'));
  return h('form', { class: 'contact-form', onsubmit: submitting(button, error, async () => {
    const saved = await patch(`/api/v1/customers/${c.id}`, { name: name.value.trim(), email: email.value.trim(),
      notes: notes.value, attributes: attrs.read() });
    toast(t('contact_saved'));
    onSaved(saved);
  }) },
  h('label', { class: 'field', for: 'contact-name' }, t('name')), name,
  h('label', { class: 'field', for: 'contact-email' }, t('email')), email,
  h('label', { class: 'field', for: 'contact-notes' }, t('notes')), notes,
  h('fieldset', { class: 'attributes' }, h('legend', null, t('attributes')), attrs.el),
  error, button);
}

function mergeBox(t, c, onMerged) {
  const results = h('div', { class: 'merge-results' });
  const search = h('input', { type: 'search', class: 'merge-search', placeholder: t('search_contacts'), 'aria-label': t('merge_title') });
  const find = debounce(async () => {
    const q = search.value.trim();
    if (!q) { mount(results); return; }
    try {
      const rows = itemsOf(await get(`/api/v1/customers${query({ q, limit: 10 })}`)).filter((x) => x.id !== c.id);
      mount(results, rows.length ? h('ul', { class: 'merge-list' }, rows.map((x) => h('li', null,
        h('span', null, `${x.name || '—'} · ${x.phone}${x.email ? ' · ' + x.email : ''}`),
        h('button', { class: 'merge-pick', onclick: async () => {
          const label = (y) => y.name || y.phone;
          if (!window.confirm(t('merge_confirm').replaceAll('{from}', label(x)).replaceAll('{into}', label(c)))) return;
          try {
            await post(`/api/v1/customers/${c.id}/merge`, { from: x.id });
            toast(t('merged'));
            search.value = '';
            mount(results);
            onMerged();
          } catch (e) { toast(`${t('error')}: ${e.message}`, 'error'); }
        } }, t('merge'))))) : h('p', { class: 'muted' }, t('no_contacts')));
    } catch (e) { mount(results, problem(e)); }
  }, 250);
  search.addEventListener('input', find);
  return h('section', { class: 'card merge-box' }, h('h2', null, t('merge_title')), h('p', { class: 'muted' }, t('merge_hint')), search, results);
}

function history(t, lang, d, navigate) {
  const section = (key, columns, rows, onRow) => h('section', { class: `card history-${key}` },
    h('h2', null, `${t(key)} (${rows.length})`), table(columns, rows, onRow));
  return h('div', { class: 'contact-history' },
    section('conversations', [
      { label: '#', value: (x) => `#${x.id}` },
      { label: t('status'), value: (x) => statusBadge(x.status) },
      { label: t('message'), value: (x) => h('span', { class: 'clip' }, x.last_text || '—') },
      { label: t('csat'), value: (x) => h('span', { class: 'csat-stars' }, stars(x.csat_rating)) },
      { label: t('updated'), value: (x) => datetime(x.last_message_at || x.created_at, lang) },
    ], d.conversations || [], (x) => navigate(`/inbox/${x.id}`)),
    section('tickets', [
      { label: '#', value: (x) => `#${x.id}` },
      { label: t('subject'), value: (x) => x.subject },
      { label: t('status'), value: (x) => statusBadge(x.status) },
      { label: t('priority'), value: (x) => x.priority },
    ], d.tickets || [], (x) => navigate(`/tickets/${x.id}`)),
    section('calls', [
      { label: t('when'), value: (x) => datetime(x.started_at || x.created_at, lang) },
      { label: t('status'), value: (x) => badge(x.status || '', 'call') },
      { label: t('summary'), value: (x) => h('span', { class: 'clip' }, x.summary || '—') },
    ], d.calls || []),
    section('shipments', [
      { label: t('tracking'), value: (x) => x.tracking_number },
      { label: t('status'), value: (x) => badge(x.status || '', 'ship') },
      { label: t('eta'), value: (x) => datetime(x.eta, lang) },
    ], d.shipments || []),
    section('invoices', [
      { label: t('number'), value: (x) => x.number },
      { label: t('total'), value: (x) => `${((x.amount_cents || 0) / 100).toFixed(2)} ${x.currency || ''}` },
      { label: t('status'), value: (x) => badge(x.status || '', 'inv') },
    ], d.invoices || []),
    section('quotes', [
      { label: t('number'), value: (x) => x.number },
      { label: t('total'), value: (x) => `${((x.total_cents || 0) / 100).toFixed(2)} ${x.currency || ''}` },
      { label: t('status'), value: (x) => badge(x.status || '', 'inv') },
    ], d.quotes || []));
}

export function render(ctx) {
  const { t, lang, navigate } = ctx;
  const list = h('div', { class: 'contact-list' }, loading());
  const detail = h('div', { class: 'contact-detail' }, h('p', { class: 'state calm' }, t('pick_contact')));
  const search = h('input', { type: 'search', id: 'contact-search', placeholder: t('search_contacts'), 'aria-label': t('search_contacts') });
  const el = h('div', { class: 'contacts' }, h('div', { class: 'toolbar' }, search), h('div', { class: 'contacts-split' }, list, detail));
  const selected = () => Number((location.pathname.match(/^\/contacts\/(\d+)/) || [])[1] || 0);

  async function loadList() {
    try {
      const rows = itemsOf(await get(`/api/v1/customers${query({ q: search.value.trim(), limit: 100 })}`));
      mount(list, rows.length ? table([
        { label: t('name'), value: (x) => x.name || '—' },
        { label: t('phone'), value: (x) => x.phone },
        { label: t('email'), value: (x) => x.email || '—' },
      ], rows, (x) => navigate(`/contacts/${x.id}`)) : h('p', { class: 'state' }, t('no_contacts')));
    } catch (e) { mount(list, problem(e, loadList)); }
  }

  async function loadDetail() {
    const id = selected();
    if (!id) return;
    try {
      const d = await get(`/api/v1/customers/${id}`);
      const c = d.customer;
      if (c.merged_into_id) {
        mount(detail, h('div', { class: 'state calm' }, h('p', null, t('merged_into')),
          h('button', { onclick: () => navigate(`/contacts/${c.merged_into_id}`) }, t('open_contact'))));
        return;
      }
      mount(detail,
        h('section', { class: 'card contact-card', 'data-contact': c.id },
          h('h2', null, c.name || c.phone), h('p', { class: 'muted' }, `${t('phone')}: ${c.phone}`),
          editForm(t, c, () => { loadList(); loadDetail(); })),
        mergeBox(t, c, () => { loadList(); loadDetail(); }),
        history(t, lang, d, navigate));
    } catch (e) { mount(detail, problem(e, loadDetail)); }
  }

  search.addEventListener('input', debounce(loadList, 250));
  loadList();
  loadDetail();
  return {
    el,
    onLive(f) {
      if (f.type === 'customer.updated' || f.type === 'customer.merged') {
        loadList();
        const id = selected();
        const d = f.data || {};
        // Not while the agent types in the form: only for someone else's change of another contact.
        if (id && (d.id === id || d.merged_id === id) && !detail.contains(document.activeElement)) loadDetail();
      } else if (f.type === 'csat.rated') loadDetail();
    },
    onResync() { loadList(); loadDetail(); },
  };
}
