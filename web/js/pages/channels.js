// "Canales": the tenant's channel accounts for admins (GET/POST/PATCH /api/v1/channel-accounts,
// POST …/{id}/test). Secrets are write-only: the page shows whether each is set and its last 4
// characters, and sends a secret only when one is typed. Each account shows its webhook URL to
// copy into Builderbot or Meta. Texts live here so the page stays one self-contained module.
import { h, mount } from '../dom.js';
import { get, patch, post, itemsOf } from '../api.js';
import { getLang } from '../i18n.js';
import { badge, loading, problem, toast } from '../ui.js';

const texts = {
  es: {
    title: 'Canales', add: 'Agregar cuenta', provider: 'Proveedor', name: 'Nombre', key: 'Clave de la cuenta (opcional)',
    enabled: 'Activa', disabled: 'Desactivada', disable: 'Desactivar', enable: 'Activar', test: 'Probar credenciales',
    save: 'Guardar', create: 'Crear cuenta', webhook: 'URL del webhook', copy: 'Copiar', copied: 'Copiada',
    set: 'configurado', unset: 'sin configurar', keep: 'dejar vacío para conservar', saved: 'Guardado',
    admins_only: 'Solo los administradores gestionan los canales.', empty: 'Sin cuentas de canal.', last_check: 'Última prueba',
    error: 'Error',
  },
  en: {
    title: 'Channels', add: 'Add account', provider: 'Provider', name: 'Name', key: 'Account key (optional)',
    enabled: 'Enabled', disabled: 'Disabled', disable: 'Disable', enable: 'Enable', test: 'Test credentials',
    save: 'Save', create: 'Create account', webhook: 'Webhook URL', copy: 'Copy', copied: 'Copied',
    set: 'set', unset: 'not set', keep: 'leave empty to keep', saved: 'Saved',
    admins_only: 'Only admins manage channels.', empty: 'No channel accounts.', last_check: 'Last test',
    error: 'Error',
  },
};
const tx = (k) => (texts[getLang()] || texts.es)[k] ?? k;

// The credential fields of each provider; secret ones are write-only.
const fields = {
  builderbot: [['api_url'], ['bot_id'], ['api_key', true]],
  whatsapp_cloud: [['phone_number_id'], ['business_account_id'], ['access_token', true], ['app_secret', true], ['verify_token', true]],
  elevenlabs: [['api_url'], ['agent_id'], ['phone_number_id'], ['api_key', true], ['webhook_secret', true]],
  aftership: [['api_url'], ['api_key', true], ['webhook_secret', true]],
  '17track': [['api_url'], ['api_key', true], ['webhook_secret', true]],
  openai: [['base_url'], ['model'], ['api_key', true]],
};

// Inputs for a provider's credentials; `account` fills the visible ones and the hints.
function credentialInputs(provider, account) {
  return (fields[provider] || []).map(([name, secret]) => {
    const hint = secret && account ? account.secrets?.[name] : null;
    const input = h('input', {
      name, type: secret ? 'password' : 'text', autocomplete: 'off', 'data-credential': name,
      value: !secret && account ? (account.config?.[name] || '') : '',
      placeholder: secret && account ? tx('keep') : '',
    });
    const shown = hint ? (hint.set ? `${tx('set')}${hint.last4 ? ` ··${hint.last4}` : ''}` : tx('unset')) : null;
    return h('label', { class: 'field' }, name, input, shown ? h('small', { class: 'hint' }, shown) : null);
  });
}

// The typed credentials: every visible field, secrets only when something was typed.
function typed(form, account) {
  const out = {};
  for (const input of form.querySelectorAll('[data-credential]')) {
    const secret = input.type === 'password';
    if (secret && !input.value) continue;
    if (!secret && account && (account.config?.[input.name] || '') === input.value) continue;
    if (!secret && !account && !input.value) continue;
    out[input.name] = input.value;
  }
  return out;
}

export function render(ctx) {
  const admin = ctx.user.role === 'admin';
  const list = h('div', { class: 'channel-list' }, loading());
  const el = h('div', { class: 'channels' }, h('h2', null, tx('title')), list);
  if (!admin) { mount(list, h('p', { class: 'state calm' }, tx('admins_only'))); return { el }; }

  function card(a) {
    const error = h('p', { class: 'form-error', role: 'alert' });
    const form = h('form', { class: 'channel-form', 'data-account': a.account_key },
      h('label', { class: 'field' }, tx('name'), h('input', { name: 'name', value: a.name })),
      credentialInputs(a.provider, a), error);
    const check = a.last_check ? h('p', { class: 'hint' }, `${tx('last_check')}: `,
      badge(a.last_check.ok ? 'OK' : tx('error'), a.last_check.ok ? 'ok' : 'bad'), ` ${a.last_check.message}`) : null;
    const run = (fn) => async (ev) => {
      ev.preventDefault();
      const btn = ev.currentTarget;
      btn.disabled = true;
      error.textContent = '';
      try { await fn(); } catch (e) { error.textContent = `${tx('error')}: ${e.message}`; }
      btn.disabled = false;
    };
    const url = a.webhook_url ? h('div', { class: 'webhook' }, h('span', null, `${tx('webhook')}: `),
      h('code', { class: 'webhook-url' }, a.webhook_url),
      h('button', { class: 'link', onclick: run(async () => {
        await navigator.clipboard?.writeText(a.webhook_url).catch(() => {});
        toast(tx('copied'));
      }) }, tx('copy'))) : null;
    return h('section', { class: 'card channel', 'data-key': a.account_key },
      h('h3', null, `${a.name} `, badge(a.provider), ' ', badge(a.enabled ? tx('enabled') : tx('disabled'), a.enabled ? 'ok' : 'bad')),
      url, check, form,
      h('div', { class: 'actions' },
        h('button', { class: 'primary', onclick: run(async () => {
          await patch(`/api/v1/channel-accounts/${a.id}`, { name: form.querySelector('[name=name]').value, credentials: typed(form, a) });
          toast(tx('saved')); load();
        }) }, tx('save')),
        h('button', { onclick: run(async () => {
          const r = await post(`/api/v1/channel-accounts/${a.id}/test`);
          toast(r.message, r.ok ? '' : 'bad'); load();
        }) }, tx('test')),
        h('button', { onclick: run(async () => {
          await patch(`/api/v1/channel-accounts/${a.id}`, { enabled: !a.enabled }); load();
        }) }, a.enabled ? tx('disable') : tx('enable'))));
  }

  function addForm() {
    const error = h('p', { class: 'form-error', role: 'alert' });
    const provider = h('select', { name: 'provider', id: 'channel-provider' },
      Object.keys(fields).map((p) => h('option', { value: p }, p)));
    const creds = h('div', null, credentialInputs('builderbot', null));
    provider.addEventListener('change', () => mount(creds, credentialInputs(provider.value, null)));
    const form = h('form', { class: 'channel-new' },
      h('label', { class: 'field' }, tx('provider'), provider),
      h('label', { class: 'field' }, tx('name'), h('input', { name: 'name', required: true })),
      h('label', { class: 'field' }, tx('key'), h('input', { name: 'account_key' })),
      creds, error,
      h('button', { class: 'primary', type: 'submit' }, tx('create')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      error.textContent = '';
      const body = { provider: provider.value, name: form.querySelector('[name=name]').value, credentials: typed(form, null) };
      const key = form.querySelector('[name=account_key]').value;
      if (key) body.account_key = key;
      try { await post('/api/v1/channel-accounts', body); toast(tx('saved')); load(); } catch (e) { error.textContent = `${tx('error')}: ${e.message}`; }
    });
    return h('section', { class: 'card' }, h('h3', null, tx('add')), form);
  }

  async function load() {
    try {
      const items = itemsOf(await get('/api/v1/channel-accounts'));
      mount(list, items.length ? items.map(card) : h('p', { class: 'state' }, tx('empty')), addForm());
    } catch (e) { mount(list, problem(e, load)); }
  }
  mount(list, loading());
  load();
  return { el };
}
