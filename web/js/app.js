// The dashboard's shell: sign-in, navigation, the live connection and its indicator, and the
// page router (History API; the server answers index.html for every page path).
import { h, mount } from './dom.js';
import { t, getLang, setLang } from './i18n.js';
import { api, session, setSession } from './api.js';
import { Live } from './live.js';
import { presenceBox } from './presence.js';
import { toast } from './ui.js';
import { notifyFrame, notifyToggle } from './notify.js';
import * as inbox from './pages/inbox.js';
import * as contacts from './pages/contacts.js';
import * as tickets from './pages/tickets.js';
import * as knowledge from './pages/knowledge.js';
import * as records from './pages/records.js';
import * as events from './pages/events.js';
import * as settings from './pages/settings.js';
import * as home from './pages/home.js';
import * as channels from './pages/channels.js';
import * as team from './pages/team.js';
import * as tenants from './pages/tenants.js';
import { renderSetPassword } from './pages/set_password.js';

const pages = [
  { path: '/home', key: 'home', icon: '⌂', page: home },
  { path: '/inbox', key: 'inbox', icon: '✉', page: inbox },
  { path: '/contacts', key: 'contacts', icon: '☷', page: contacts },
  { path: '/tickets', key: 'tickets', icon: '▦', page: tickets },
  { path: '/knowledge', key: 'knowledge', icon: '❏', page: knowledge },
  { path: '/shipments', key: 'shipments', icon: '⇄', page: records.shipments },
  { path: '/calls', key: 'calls', icon: '☎', page: records.calls },
  { path: '/invoices', key: 'invoices', icon: '$', page: records.invoices },
  { path: '/quotes', key: 'quotes', icon: '≡', page: records.quotes },
  { path: '/events', key: 'events', icon: '⚡', page: events.eventLog },
  { path: '/outbox', key: 'outbox', icon: '↗', page: events.outbox },
  { path: '/audit', key: 'audit', icon: '✓', page: events.auditLog },
  { path: '/settings', key: 'settings', icon: '⚙', page: settings },
  { path: '/channels', key: 'channels', icon: '☍', page: channels },
  { path: '/team', key: 'team', icon: '☺', page: team },
  { path: '/tenants', key: 'tenants', icon: '⌂', page: tenants, role: 'platform' },
];
// The pages the signed-in user's role may open.
const visible = () => pages.filter((p) => !p.role || (session.user && session.user.role === p.role));

const root = document.getElementById('app');
const state = { live: null, current: null, liveState: 'connecting', metrics: {} };
// For the browser tests and for support: the live feed, timings.
window.centralita = state;

session.onExpired = () => signOut();

function signOut(message) {
  if (state.live) state.live.stop();
  state.live = null;
  setSession('', null);
  history.replaceState(null, '', '/');
  renderLogin(typeof message === 'string' ? message : undefined);
}

function renderLogin(message) {
  const email = h('input', { type: 'email', name: 'email', id: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', id: 'password',
    autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', role: 'alert' }, message || '');
  const button = h('button', { type: 'submit', class: 'primary' }, t('sign_in'));
  const form = h('form', {
    class: 'login-card', 'aria-labelledby': 'login-title',
    onsubmit: async (ev) => {
      ev.preventDefault();
      button.disabled = true;
      error.textContent = '';
      try {
        const r = await api('POST', '/api/v1/auth/login', { email: email.value.trim(), password: password.value });
        setSession(r.token, r.user);
        if (location.pathname === '/' || location.pathname === '/login') history.replaceState(null, '', '/inbox');
        startApp();
      } catch (e) {
        error.textContent = e.status === 401 || e.status === 400 ? t('login_failed') : `${t('error')}: ${e.message}`;
        button.disabled = false;
      }
    },
  },
  h('div', { class: 'brand big' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), 'Centralita'),
  h('h1', { id: 'login-title' }, t('login_title')),
  h('label', { for: 'email' }, t('email')), email,
  h('label', { for: 'password' }, t('password')), password,
  error, button,
  langPicker());
  mount(root, h('main', { class: 'login' }, form));
  root.removeAttribute('aria-busy');
  root.className = '';
  email.focus();
}

function langPicker() {
  return h('label', { class: 'lang' }, h('span', { class: 'sr-only' }, t('language')),
    h('select', { 'aria-label': t('language'), onchange: (e) => { setLang(e.target.value); rerender(); } },
      h('option', { value: 'es', selected: getLang() === 'es' }, 'Español'),
      h('option', { value: 'en', selected: getLang() === 'en' }, 'English')));
}

function rerender() {
  if (location.pathname === '/set-password') renderSetPassword(root, (message) => renderLogin(message));
else if (session.token) startApp(); else renderLogin();
}

let shell = null;
let presence = null;

function startApp() {
  const indicator = h('span', { class: 'live-dot', role: 'status', 'aria-live': 'polite' });
  const nav = h('nav', { class: 'sidebar', 'aria-label': t('menu') },
    h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), 'Centralita'),
    h('ul', null, visible().map((p) => h('li', null,
      h('a', { href: p.path, 'data-path': p.path, title: t(p.key), onclick: (e) => { e.preventDefault(); navigate(p.path); } },
        h('span', { class: 'icon', 'aria-hidden': 'true' }, p.icon), h('span', { class: 'label' }, t(p.key)))))),
    (presence = presenceBox()).el);
  const user = session.user || {};
  const top = h('header', { class: 'topbar' },
    h('h1', { class: 'page-title' }, ''),
    h('div', { class: 'top-right' }, indicator, availability(), notifyToggle(),
      h('span', { class: 'who' }, `${user.name || user.email || ''}${user.tenant ? ' · ' + user.tenant.slug : ''}`),
      langPicker(),
      h('button', { class: 'ghost', onclick: () => signOut() }, t('sign_out'))));
  const content = h('main', { class: 'content', id: 'content' });
  shell = { indicator, nav, top, content };
  mount(root, h('div', { class: 'shell' }, nav, h('div', { class: 'main' }, top, content)));
  root.removeAttribute('aria-busy');
  root.className = '';
  if (!state.live) {
    state.live = new Live(session.token, onFrame, (s) => { state.liveState = s; paintIndicator(); },
      () => { if (state.current && state.current.onResync) state.current.onResync(); else route(); },
      () => signOut(t('session_ended')));
  }
  paintIndicator();
  paintUnseen();
  route();
}

// The agent's availability: only users who are online get new conversations assigned.
function availability() {
  const box = h('input', { type: 'checkbox', role: 'switch', class: 'online-toggle',
    checked: !!(session.user && session.user.online), 'aria-checked': String(!!(session.user && session.user.online)) });
  const label = h('span', null, '');
  const wrap = h('label', { class: 'availability', title: t('availability_hint') }, box, label);
  const paint = (on) => {
    box.checked = on;
    box.setAttribute('aria-checked', String(on));
    label.textContent = on ? t('available') : t('away');
    wrap.classList.toggle('on', on);
  };
  paint(!!(session.user && session.user.online));
  box.addEventListener('change', async () => {
    const want = box.checked;
    box.disabled = true;
    try {
      const u = await api('PATCH', '/api/v1/me', { online: want });
      setSession(session.token, { ...session.user, ...u });
      paint(!!u.online);
    } catch (e) {
      paint(!want);
      toast(`${t('error')}: ${e.message}`, 'error');
    } finally {
      box.disabled = false;
    }
  });
  // The sign-in answer may be old (a reload keeps it): the server's word wins.
  api('GET', '/api/v1/me').then((u) => {
    if (!u) return;
    setSession(session.token, { ...session.user, ...u });
    paint(!!u.online);
  }).catch(() => {});
  return wrap;
}

function paintIndicator() {
  if (!shell) return;
  const s = state.liveState;
  shell.indicator.className = `live-dot ${s}`;
  shell.indicator.textContent = s === 'open' ? t('live_on') : s === 'closed' ? t('live_off') : t('live_connecting');
}

// Customer messages that arrive while another page is open count on the inbox's link.
let unseen = 0;
function paintUnseen() {
  const a = shell && shell.nav.querySelector('a[data-path="/inbox"]');
  if (!a) return;
  let b = a.querySelector('.unread');
  if (!unseen) { if (b) b.remove(); return; }
  if (!b) { b = h('span', { class: 'unread' }); a.append(b); }
  b.textContent = String(unseen);
  b.setAttribute('aria-label', `${unseen} ${t('unread')}`);
}

function onFrame(frame) {
  notifyFrame(frame);
  if (frame.type === 'message.created' && frame.data && frame.data.direction === 'in' &&
      !location.pathname.startsWith('/inbox')) {
    unseen++;
    paintUnseen();
  }
  if (presence) presence.onFrame(frame);
  if (state.current && state.current.onLive) state.current.onLive(frame);
}

export function navigate(path) {
  if (path !== location.pathname + location.search) history.pushState(null, '', path);
  route();
}

function route() {
  if (!shell) return;
  let path = location.pathname;
  if (path === '/' || path === '/login') { path = '/inbox'; history.replaceState(null, '', path); }
  const entry = visible().find((p) => path === p.path || path.startsWith(p.path + '/')) || pages[1];
  if (state.current && state.current.dispose) state.current.dispose();
  for (const a of shell.nav.querySelectorAll('a')) {
    if (a.dataset.path === entry.path) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  shell.top.querySelector('.page-title').textContent = t(entry.key);
  document.title = `${t(entry.key)} · Centralita`;
  const ctx = { t, lang: getLang(), user: session.user || {}, navigate, path, state, signOut };
  if (entry.path === '/inbox') { unseen = 0; paintUnseen(); }
  state.current = entry.page.render(ctx);
  mount(shell.content, state.current.el);
  if (state.current.mounted) state.current.mounted();
}

window.addEventListener('popstate', () => route());
setLang(getLang());
if (location.pathname === '/set-password') renderSetPassword(root, (message) => renderLogin(message));
else if (session.token) startApp(); else renderLogin();
