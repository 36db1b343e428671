// The companies (GET /api/v1/tenants), for the platform operator only: create one with its
// first admin (whose one-time link is shown once), suspend and reinstate.
import './team_strings.js';
import { h, mount, datetime } from '../dom.js';
import { get, post, patch, itemsOf } from '../api.js';
import { loading, problem, badge, table, toast, submitting } from '../ui.js';
import { linkBox } from './team.js';

function createForm(t, onCreated) {
  const field = (id, type = 'text') => h('input', { type, id, required: true, autocomplete: 'off' });
  const slug = field('tenant-slug');
  const name = field('tenant-name');
  const adminName = field('tenant-admin-name');
  const adminEmail = field('tenant-admin-email', 'email');
  const error = h('p', { class: 'form-error', role: 'alert' });
  const shown = h('div');
  const button = h('button', { type: 'submit', class: 'primary' }, t('create'));
  const form = h('form', { class: 'tenant-form', onsubmit: submitting(button, error, async () => {
    const r = await post('/api/v1/tenants', { slug: slug.value.trim(), name: name.value,
      admin: { name: adminName.value, email: adminEmail.value } });
    mount(shown, linkBox(t, r.set_password_url));
    for (const i of [slug, name, adminName, adminEmail]) i.value = '';
    onCreated();
  }) },
  h('label', { class: 'field', for: 'tenant-slug' }, `${t('slug')} (a-z, 0-9, -)`), slug,
  h('label', { class: 'field', for: 'tenant-name' }, t('name')), name,
  h('label', { class: 'field', for: 'tenant-admin-name' }, `${t('first_admin')}: ${t('name')}`), adminName,
  h('label', { class: 'field', for: 'tenant-admin-email' }, `${t('first_admin')}: ${t('email')}`), adminEmail,
  error, button);
  return h('section', { class: 'card' }, h('h2', null, t('new_tenant')), form, shown);
}

export function render(ctx) {
  const { t, lang } = ctx;
  const list = h('div', null, loading());
  const own = ctx.user.tenant ? ctx.user.tenant.id : null;

  async function setSuspended(x, suspended, btn) {
    btn.disabled = true;
    try {
      await patch(`/api/v1/tenants/${encodeURIComponent(x.id)}`, { suspended });
      toast(t('saved'));
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
    }
    load();
  }

  const columns = [
    { label: t('slug'), value: (x) => x.slug },
    { label: t('name'), value: (x) => x.name },
    { label: t('users_count'), value: (x) => String(x.active_users) },
    { label: t('created'), value: (x) => datetime(x.created_at, lang) },
    { label: t('status'), value: (x) => [
      x.suspended ? badge(t('suspended'), 's-closed') : badge(t('active'), 's-resolved'),
      x.id === own ? null : h('button', { class: x.suspended ? 'reinstate' : 'suspend', 'data-slug': x.slug,
        onclick: (e) => setSuspended(x, !x.suspended, e.currentTarget) },
      x.suspended ? t('reinstate') : t('suspend'))] },
  ];

  async function load() {
    try {
      mount(list, table(columns, itemsOf(await get('/api/v1/tenants'))));
    } catch (e) { mount(list, problem(e, load)); }
  }

  const el = h('div', { class: 'tenants' }, createForm(t, load),
    h('section', { class: 'card' }, h('h2', null, t('tenants')), list));
  load();
  return { el };
}
