// Tenant settings for admins: AI mode, confidence threshold, autopilot and high-risk
// categories, and the channel accounts.
import { h, mount } from '../dom.js';
import { get, patch, itemsOf } from '../api.js';
import { loading, problem, table, badge, toast } from '../ui.js';

const categories = ['INFO', 'TRACKING', 'BILLING', 'QUOTE', 'COMPLAINT', 'HUMAN', 'OTHER'];

export function render(ctx) {
  const { t } = ctx;
  const admin = ctx.user.role === 'admin';
  const form = h('div', null, loading());
  const accounts = h('div', null, loading());
  const el = h('div', { class: 'settings' },
    admin ? null : h('p', { class: 'state calm' }, t('admins_only')),
    h('section', { class: 'card' }, h('h2', null, 'IA'), form),
    h('section', { class: 'card' }, h('h2', null, t('channel_accounts')), accounts));

  function checks(name, selected) {
    return h('fieldset', { class: 'checks' }, h('legend', null, name), categories.map((c) =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', value: c, checked: selected.includes(c), disabled: !admin }), c)));
  }

  async function load() {
    try {
      const s = await get('/api/v1/settings');
      const mode = h('select', { id: 'ai-mode', disabled: !admin },
        ['ASSISTED', 'AUTOPILOT'].map((m) => h('option', { value: m, selected: s.ai_mode === m }, m)));
      const threshold = h('input', { type: 'range', id: 'threshold', min: 0, max: 1, step: 0.01, value: s.confidence_threshold, disabled: !admin });
      const shown = h('output', { for: 'threshold' }, Number(s.confidence_threshold).toFixed(2));
      threshold.addEventListener('input', () => { shown.textContent = Number(threshold.value).toFixed(2); });
      const auto = checks(t('autopilot_categories'), s.autopilot_categories || []);
      const risk = checks('Alto riesgo / High risk', s.high_risk_categories || []);
      const picked = (fs) => [...fs.querySelectorAll('input:checked')].map((i) => i.value);
      mount(form,
        h('label', { class: 'field', for: 'ai-mode' }, t('ai_mode')), mode,
        h('label', { class: 'field', for: 'threshold' }, t('threshold')), h('div', { class: 'range' }, threshold, shown),
        auto, risk,
        admin ? h('button', { class: 'primary', onclick: async () => {
          try {
            await patch('/api/v1/settings', { ai_mode: mode.value, confidence_threshold: Number(threshold.value),
              autopilot_categories: picked(auto), high_risk_categories: picked(risk) });
            toast(t('saved'));
          } catch (e) { toast(`${t('error')}: ${e.message}`, 'error'); }
        } }, t('save')) : null);
    } catch (e) { mount(form, problem(e, load)); }
    try {
      const rows = itemsOf(await get('/api/v1/channel-accounts'));
      mount(accounts, table([
        { label: t('name'), value: (x) => x.name },
        { label: t('provider'), value: (x) => x.provider },
        { label: 'Key', value: (x) => x.account_key || '—' },
        { label: t('status'), value: (x) => badge(x.status || '', '') },
      ], rows));
    } catch (e) { mount(accounts, problem(e)); }
  }
  load();
  return { el };
}
