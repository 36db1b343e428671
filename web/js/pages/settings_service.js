// The automatic messages to customers (GET /api/v1/settings/service, PATCH by admins): the
// satisfaction question when a conversation is resolved, and the away reply outside business
// hours with its text per language ({{next_open}} is when people answer again).
import './contacts_strings.js';
import { h, mount } from '../dom.js';
import { get, patch } from '../api.js';
import { loading, problem, toast, submitting } from '../ui.js';

export function serviceCard(t, admin) {
  const form = h('div', null, loading());
  function paint(s) {
    const error = h('p', { class: 'form-error', role: 'alert' });
    const csat = h('input', { type: 'checkbox', id: 'csat-enabled', checked: !!s.csat_enabled, disabled: !admin });
    const away = h('input', { type: 'checkbox', id: 'away-enabled', checked: !!s.away_enabled, disabled: !admin });
    const es = h('textarea', { id: 'away-es', rows: 2, maxLength: 1000, disabled: !admin }, (s.away_message || {}).es || '');
    const en = h('textarea', { id: 'away-en', rows: 2, maxLength: 1000, disabled: !admin }, (s.away_message || {}).en || '');
    mount(form,
      h('label', { class: 'check' }, csat, t('csat_enabled')),
      h('label', { class: 'check' }, away, t('away_enabled')),
      h('label', { class: 'field', for: 'away-es' }, t('away_message_es')), es,
      h('label', { class: 'field', for: 'away-en' }, t('away_message_en')), en,
      h('p', { class: 'muted' }, t('away_hint')),
      error,
      admin ? h('button', { class: 'primary save-service', onclick: submitting(null, error, async () => {
        paint(await patch('/api/v1/settings/service', { csat_enabled: csat.checked, away_enabled: away.checked,
          away_message: { es: es.value, en: en.value } }));
        toast(t('saved'));
      }) }, t('save')) : null);
  }
  (async () => {
    try { paint(await get('/api/v1/settings/service')); } catch (e) { mount(form, problem(e)); }
  })();
  return h('section', { class: 'card service-settings' }, h('h2', null, t('service_settings')), form);
}
