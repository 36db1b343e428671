// `/set-password?token=…`: the page of a one-time link (an invitation or a new company's first
// admin). Shown without signing in; on success the person signs in with the new password.
import './team_strings.js';
import { h, mount } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';

/// Renders the form into `root`; `done(message)` goes on to the sign-in.
export function renderSetPassword(root, done) {
  const token = new URLSearchParams(location.search).get('token') || '';
  const password = h('input', { type: 'password', id: 'new-password', autocomplete: 'new-password', required: true, minLength: 8 });
  const repeat = h('input', { type: 'password', id: 'repeat-password', autocomplete: 'new-password', required: true, minLength: 8 });
  const error = h('p', { class: 'form-error', role: 'alert' }, token ? '' : t('link_invalid'));
  const button = h('button', { type: 'submit', class: 'primary', disabled: !token }, t('save'));
  const form = h('form', {
    class: 'login-card set-password', 'aria-labelledby': 'set-password-title',
    onsubmit: async (ev) => {
      ev.preventDefault();
      error.textContent = '';
      if (password.value !== repeat.value) { error.textContent = t('passwords_differ'); return; }
      button.disabled = true;
      try {
        await api('POST', '/api/v1/auth/set-password', { token, password: password.value });
        history.replaceState(null, '', '/');
        done(t('password_set'));
      } catch (e) {
        error.textContent = e.code === 'invalid_link' ? t('link_invalid') : `${t('error')}: ${e.message}`;
        button.disabled = false;
      }
    },
  },
  h('div', { class: 'brand big' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), 'Centralita'),
  h('h1', { id: 'set-password-title' }, t('set_password_title')),
  h('label', { for: 'new-password' }, `${t('new_password')} (${t('password_min')})`), password,
  h('label', { for: 'repeat-password' }, t('password_repeat')), repeat,
  error, button);
  mount(root, h('main', { class: 'login' }, form));
  root.removeAttribute('aria-busy');
  root.className = '';
  password.focus();
}
