// The event log (webhooks received, failed ones first on demand, replay of a failed one) and the
// audit log.
import { h, mount, datetime } from '../dom.js';
import { get, post, itemsOf, query } from '../api.js';
import { loading, problem, badge, table, toast } from '../ui.js';

export const eventLog = {
  render(ctx) {
    const { t, lang } = ctx;
    const body = h('div', null, loading());
    const failed = h('input', { type: 'checkbox', id: 'failed-only', onchange: () => load() });
    const el = h('div', { class: 'records' },
      h('div', { class: 'toolbar' }, h('label', { for: 'failed-only', class: 'check' }, failed, t('failed_only'))), body);
    async function load() {
      try {
        const rows = itemsOf(await get(`/api/v1/events${query({ status: failed.checked ? 'failed' : '', limit: 100 })}`));
        mount(body, table([
          { label: t('when'), value: (x) => datetime(x.received_at || x.created_at, lang) },
          { label: t('provider'), value: (x) => x.provider || '—' },
          { label: t('event'), value: (x) => x.event_name || x.type || '—' },
          { label: t('status'), value: (x) => badge(x.status || '', `ev-${x.status}`) },
          { label: t('attempts'), value: (x) => String(x.attempts ?? '—') },
          { label: t('error'), value: (x) => h('span', { class: 'clip' }, x.last_error || '') },
          { label: '', value: (x) => x.status === 'failed' ? h('button', { onclick: async (e) => {
            e.stopPropagation();
            try { await post(`/api/v1/events/${x.event_id || x.id}/replay`, {}); toast(t('replay')); load(); }
            catch (err) { toast(`${t('error')}: ${err.message}`, 'error'); }
          } }, t('replay')) : '' },
        ], rows));
      } catch (e) { mount(body, problem(e, load)); }
    }
    load();
    return { el, onLive(f) { if (f.type.startsWith('event.')) load(); } };
  },
};

export const auditLog = {
  render(ctx) {
    const { t, lang } = ctx;
    const body = h('div', null, loading());
    const el = h('div', { class: 'records' }, body);
    async function load() {
      try {
        const rows = itemsOf(await get('/api/v1/audit?limit=100'));
        mount(body, table([
          { label: t('when'), value: (x) => datetime(x.created_at || x.at, lang) },
          { label: t('actor'), value: (x) => x.actor_email || x.actor_name || `${x.actor_type || ''} ${x.actor_user_id || x.actor_id || ''}` },
          { label: t('action'), value: (x) => x.action || x.kind || '—' },
          { label: t('object'), value: (x) => `${x.entity_type || x.object_type || ''} ${x.entity_id || x.object_id || ''}` },
          { label: '', value: (x) => h('code', { class: 'clip' }, x.before && x.after ? `${JSON.stringify(x.before)} → ${JSON.stringify(x.after)}`
            : x.after ? JSON.stringify(x.after) : x.details ? JSON.stringify(x.details) : '') },
        ], rows));
      } catch (e) { mount(body, problem(e, load)); }
    }
    load();
    return { el, onLive(f) { if (f.type.startsWith('audit.')) load(); } };
  },
};
