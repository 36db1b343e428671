// The team (GET /api/v1/users): admins invite people (the one-time set-password link is shown
// once, and a new one for someone invited who lost theirs: the old link then stops working),
// change roles and capacity, deactivate and reactivate; everyone sees the list and, under
// "my account", changes their own password or signs out everywhere.
import './team_strings.js';
import { h, mount } from '../dom.js';
import { get, post, patch, itemsOf } from '../api.js';
import { loading, problem, badge, table, toast, submitting } from '../ui.js';

const roles = ['agent', 'supervisor', 'admin'];

export const isAdmin = (user) => user.role === 'admin' || user.role === 'platform';

/// The one-time link, shown once with a copy button.
export function linkBox(t, url) {
  const input = h('input', { type: 'text', readOnly: true, value: url, class: 'link-once', 'aria-label': t('link_once') });
  return h('div', { class: 'card link-card', role: 'status' },
    h('p', null, t('link_once')),
    h('div', { class: 'row' }, input, h('button', { onclick: async () => {
      input.select();
      try { await navigator.clipboard.writeText(url); } catch { document.execCommand('copy'); }
      toast(t('copied'));
    } }, t('copy'))));
}

function inviteForm(t, onInvited) {
  const name = h('input', { type: 'text', id: 'invite-name', required: true, autocomplete: 'off' });
  const email = h('input', { type: 'email', id: 'invite-email', required: true, autocomplete: 'off' });
  const role = h('select', { id: 'invite-role' }, roles.map((r) => h('option', { value: r }, t(`role_${r}`))));
  const error = h('p', { class: 'form-error', role: 'alert' });
  const shown = h('div');
  const button = h('button', { type: 'submit', class: 'primary' }, t('invite'));
  const form = h('form', { class: 'invite-form', onsubmit: submitting(button, error, async () => {
    const r = await post('/api/v1/users', { name: name.value, email: email.value, role: role.value });
    mount(shown, linkBox(t, r.set_password_url));
    name.value = '';
    email.value = '';
    onInvited();
  }) },
  h('label', { class: 'field', for: 'invite-name' }, t('name')), name,
  h('label', { class: 'field', for: 'invite-email' }, t('email')), email,
  h('label', { class: 'field', for: 'invite-role' }, t('role')), role,
  error, button);
  return h('section', { class: 'card' }, h('h2', null, t('invite_user')), form, shown);
}

function myAccount(t, signOutEverywhere) {
  const current = h('input', { type: 'password', id: 'pw-current', autocomplete: 'current-password', required: true });
  const fresh = h('input', { type: 'password', id: 'pw-new', autocomplete: 'new-password', required: true, minLength: 8 });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary' }, t('change_password'));
  const form = h('form', { class: 'password-form', onsubmit: submitting(button, error, async () => {
    await post('/api/v1/me/password', { current: current.value, new: fresh.value });
    current.value = '';
    fresh.value = '';
    toast(t('password_changed'));
  }) },
  h('label', { class: 'field', for: 'pw-current' }, t('current_password')), current,
  h('label', { class: 'field', for: 'pw-new' }, `${t('new_password')} (${t('password_min')})`), fresh,
  error, button);
  return h('section', { class: 'card' }, h('h2', null, t('my_account')), form,
    h('button', { class: 'ghost sign-out-all', onclick: async (ev) => {
      ev.currentTarget.disabled = true;
      try { await post('/api/v1/auth/logout-all', {}); } catch { /* signed out either way */ }
      signOutEverywhere();
    } }, t('sign_out_everywhere')));
}

export function render(ctx) {
  const { t } = ctx;
  const admin = isAdmin(ctx.user);
  const list = h('div', null, loading());
  const resent = h('div');

  async function resendLink(u, control) {
    control.disabled = true;
    try {
      const r = await post(`/api/v1/users/${encodeURIComponent(u.id)}/set-password-link`, {});
      mount(resent, linkBox(t, r.set_password_url));
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
    }
    control.disabled = false;
  }

  async function change(u, body, control) {
    if (control) control.disabled = true;
    try {
      await patch(`/api/v1/users/${encodeURIComponent(u.id)}`, body);
      toast(t('saved'));
      load();
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
      load();
    }
  }

  function columns() {
    const me = ctx.user.id;
    const editable = (u) => admin && u.id !== me && u.role !== 'platform';
    return [
      { label: t('name'), value: (u) => [u.name, u.id === me ? ` (${t('you')})` : ''] },
      { label: t('email'), value: (u) => u.email },
      { label: t('role'), value: (u) => (editable(u)
        ? h('select', { class: 'role-select', 'aria-label': `${t('role')}: ${u.name}`,
          onchange: (e) => change(u, { role: e.target.value }, e.target) },
        roles.map((r) => h('option', { value: r, selected: u.role === r }, t(`role_${r}`))))
        : t(`role_${u.role}`)) },
      { label: t('capacity'), value: (u) => (admin && u.role !== 'platform'
        ? h('input', { type: 'number', min: 1, max: 1000, value: u.max_open_conversations, class: 'capacity',
          title: t('capacity_hint'), 'aria-label': `${t('capacity')}: ${u.name}`,
          onchange: (e) => change(u, { max_open_conversations: Number(e.target.value) }, e.target) })
        : String(u.max_open_conversations)) },
      { label: t('status'), value: (u) => [
        u.active === false ? badge(t('inactive'), 's-closed') : badge(t('active'), 's-resolved'),
        editable(u) ? h('button', { class: u.active === false ? 'reactivate' : 'deactivate', 'data-email': u.email,
          onclick: (e) => change(u, { active: u.active === false }, e.currentTarget) },
        u.active === false ? t('reactivate') : t('deactivate')) : null,
        editable(u) && u.active !== false && u.password_set === false
          ? [badge(t('invited'), 's-pending'), h('button', { class: 'resend-link', 'data-email': u.email,
            onclick: (e) => resendLink(u, e.currentTarget) }, t('resend_link'))]
          : null] },
    ];
  }

  async function load() {
    try {
      const data = await get('/api/v1/users');
      mount(list, table(columns(), itemsOf(data)));
    } catch (e) { mount(list, problem(e, load)); }
  }

  const el = h('div', { class: 'team' },
    admin ? inviteForm(t, load) : h('p', { class: 'state calm' }, t('team_hint')),
    h('section', { class: 'card' }, h('h2', null, t('team')), resent, list),
    myAccount(t, ctx.signOut || (() => {})));
  load();
  return { el };
}
