// Opt-in alerts for the signed-in agent: a browser notification (Notification API) and a short
// sound when a conversation is assigned to them, or when a live `mention.created` frame names
// them. The switch lives in the top bar and is kept in localStorage; the browser asks for
// permission when it is first turned on. A change the agent made in a focused tab (assigning
// themselves) does not alert them.
import { h } from './dom.js';
import { t } from './i18n.js';
import { session } from './api.js';
import './pages/contacts_strings.js';

const key = 'centralita.notify';
const assignees = new Map();  // conversation id → last assignee seen
let audio = null;

export const notifyEnabled = () => localStorage.getItem(key) === '1';

function beep() {
  try {
    audio = audio || new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.25);
  } catch { /* no audio device: the notification alone */ }
}

function alert(title, body, path) {
  window.centralita = window.centralita || {};
  (window.centralita.alerts = window.centralita.alerts || []).push({ title, body, path, at: Date.now() });
  beep();
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const n = new Notification(title, { body, tag: path });
  n.onclick = () => { window.focus(); history.pushState(null, '', path); dispatchEvent(new PopStateEvent('popstate')); };
}

/// Looks at every live frame; alerts when one concerns the signed-in agent.
export function notifyFrame(f) {
  if (!notifyEnabled()) return;
  const me = session.user && session.user.id;
  const d = f.data || {};
  if (f.type === 'conversation.assigned' || f.type === 'conversation.updated') {
    const id = d.id || d.conversation_id;
    if (!id || !('assignee_id' in d)) return;
    const before = assignees.get(id);
    assignees.set(id, d.assignee_id);
    const mine = d.assignee_id === me && before !== me;
    const byMe = f.type === 'conversation.updated' && !document.hidden && document.hasFocus();
    if (mine && !byMe) alert(t('assigned_to_you'), `#${id}`, `/inbox/${id}`);
  } else if (f.type === 'mention.created' && d.user_id === me) {
    alert(t('mentioned_you'), d.text || `#${d.conversation_id}`, `/inbox/${d.conversation_id}`);
  }
}

/// The switch of the top bar.
export function notifyToggle() {
  const box = h('input', { type: 'checkbox', class: 'notify-toggle', checked: notifyEnabled(), 'aria-label': t('notify_on') });
  box.addEventListener('change', async () => {
    if (box.checked && 'Notification' in window && Notification.permission === 'default') {
      await Notification.requestPermission().catch(() => {});
    }
    if (box.checked && 'Notification' in window && Notification.permission === 'denied') {
      box.title = t('notify_blocked');
    }
    localStorage.setItem(key, box.checked ? '1' : '0');
  });
  return h('label', { class: 'notify', title: t('notify_on') }, box, h('span', { 'aria-hidden': 'true' }, '♪'));
}
