// Shipments, calls, invoices and quotes: one list page each over the same table, filled from
// their routes, refreshed by live events of their kind.
import { h, mount, datetime } from '../dom.js';
import { get, itemsOf, query } from '../api.js';
import { loading, problem, badge, table } from '../ui.js';

function listPage(path, live, columns) {
  return {
    render(ctx) {
      const { t, lang } = ctx;
      const body = h('div', null, loading());
      const search = h('input', { type: 'search', placeholder: t('search'), 'aria-label': t('search'),
        onkeydown: (e) => { if (e.key === 'Enter') load(); } });
      const el = h('div', { class: 'records' }, h('div', { class: 'toolbar' }, search), body);
      async function load() {
        try {
          const rows = itemsOf(await get(`${path}${query({ q: search.value.trim(), limit: 100 })}`));
          mount(body, table(columns(t, lang), rows));
        } catch (e) { mount(body, problem(e, load)); }
      }
      load();
      return { el, onLive(f) { if (f.type.startsWith(live)) load(); } };
    },
  };
}

export const shipments = listPage('/api/v1/shipments', 'shipment.', (t, lang) => [
  { label: t('tracking'), value: (x) => x.tracking_number || '—' },
  { label: t('carrier'), value: (x) => x.carrier || '—' },
  { label: t('status'), value: (x) => badge(x.status || '', 'ship') },
  { label: t('customer'), value: (x) => (x.customer && x.customer.name) || x.customer_name || (x.customer_id ? `#${x.customer_id}` : '—') },
  { label: t('eta'), value: (x) => datetime(x.eta, lang) },
  { label: t('updated'), value: (x) => datetime(x.updated_at, lang) },
]);

export const calls = listPage('/api/v1/calls', 'call.', (t, lang) => [
  { label: t('when'), value: (x) => datetime(x.started_at || x.created_at, lang) },
  { label: t('customer'), value: (x) => (x.customer && x.customer.name) || x.customer_name || x.phone || '—' },
  { label: t('status'), value: (x) => badge(x.status || '', 'call') },
  { label: t('duration'), value: (x) => (x.duration_s ?? x.duration_secs ?? x.duration) != null ? `${x.duration_s ?? x.duration_secs ?? x.duration} s` : '—' },
  { label: t('summary'), value: (x) => h('span', { class: 'clip' }, x.summary || '—') },
  { label: t('transcript'), value: (x) => x.transcript ? h('details', null, h('summary', null, t('transcript')),
    h('pre', { class: 'transcript' }, Array.isArray(x.transcript) ? x.transcript.map((l) => `${l.role || ''}: ${l.message || l.text || ''}`).join('\n') : String(x.transcript))) : '—' },
]);

const money = (x) => `${x.total ?? x.amount ?? '—'} ${x.currency || ''}`;
export const invoices = listPage('/api/v1/invoices', 'invoice.', (t, lang) => [
  { label: t('number'), value: (x) => x.number || x.folio || `#${x.id}` },
  { label: t('customer'), value: (x) => (x.customer && x.customer.name) || x.customer_name || (x.customer_id ? `#${x.customer_id}` : '—') },
  { label: t('total'), value: money },
  { label: t('status'), value: (x) => badge(x.status || '', 'inv') },
  { label: t('due'), value: (x) => datetime(x.due_at || x.due_date, lang) },
]);

export const quotes = listPage('/api/v1/quotes', 'quote.', (t, lang) => [
  { label: t('number'), value: (x) => x.number || x.folio || `#${x.id}` },
  { label: t('customer'), value: (x) => (x.customer && x.customer.name) || x.customer_name || (x.customer_id ? `#${x.customer_id}` : '—') },
  { label: t('total'), value: money },
  { label: t('status'), value: (x) => badge(x.status || '', 'inv') },
  { label: t('created'), value: (x) => datetime(x.created_at, lang) },
]);
