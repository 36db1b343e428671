// The tenant's AI settings (GET /api/v1/settings, PATCH by admins only): mode, confidence
// threshold, autopilot and high-risk categories. Others see them read-only. Below, the agent's
// toolkit: canned replies, labels and exports (settings_toolkit.js).
import { h, mount } from '../dom.js';
import { get, patch } from '../api.js';
import { loading, problem, toast, submitting } from '../ui.js';
import { toolkitSections } from './settings_toolkit.js';
import { serviceCard } from './settings_service.js';

const categories = ['INFO', 'TRACKING', 'BILLING', 'QUOTE', 'COMPLAINT', 'HUMAN', 'OTHER'];

export function render(ctx) {
  const { t } = ctx;
  const admin = ctx.user.role === 'admin' || ctx.user.role === 'platform';
  const form = h('div', null, loading());
  const el = h('div', { class: 'settings' },
    admin ? null : h('p', { class: 'state calm' }, t('admins_only')),
    h('section', { class: 'card' }, h('h2', null, t('ai_settings')), form), toolkitSections(ctx),
    serviceCard(t, admin));

  function checks(name, selected) {
    return h('fieldset', { class: 'checks' }, h('legend', null, name), categories.map((c) =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', value: c, checked: selected.includes(c), disabled: !admin }), c)));
  }

  function paint(s) {
    const error = h('p', { class: 'form-error', role: 'alert' });
    const mode = h('select', { id: 'ai-mode', disabled: !admin },
      ['ASSISTED', 'AUTOPILOT'].map((m) => h('option', { value: m, selected: s.ai_mode === m }, m)));
    const threshold = h('input', { type: 'range', id: 'threshold', min: 0, max: 1, step: 0.01, value: s.confidence_threshold, disabled: !admin });
    const shown = h('output', { for: 'threshold' }, Number(s.confidence_threshold).toFixed(2));
    threshold.addEventListener('input', () => { shown.textContent = Number(threshold.value).toFixed(2); });
    const auto = checks(t('autopilot_categories'), s.autopilot_categories || []);
    const risk = checks(t('high_risk_categories'), s.high_risk_categories || []);
    const picked = (fs) => [...fs.querySelectorAll('input:checked')].map((i) => i.value);
    mount(form,
      h('label', { class: 'field', for: 'ai-mode' }, t('ai_mode')), mode,
      h('label', { class: 'field', for: 'threshold' }, t('threshold')), h('div', { class: 'range' }, threshold, shown),
      auto, risk,
      error,
      admin ? h('button', { class: 'primary save', onclick: submitting(null, error, async () => {
        const saved = await patch('/api/v1/settings', { ai_mode: mode.value, confidence_threshold: Number(threshold.value),
          autopilot_categories: picked(auto), high_risk_categories: picked(risk) });
        toast(t('saved'));
        paint(saved);
      }) }, t('save')) : null);
  }

  async function load() {
    mount(form, loading());
    try { paint(await get('/api/v1/settings')); } catch (e) { mount(form, problem(e, load)); }
  }
  load();
  return { el };
}
