// The texts of the team, tenants and set-password pages (Spanish by default, English).
import { addStrings } from '../i18n.js';

addStrings({
  es: {
    team: 'Equipo', tenants: 'Empresas', invite: 'Invitar', invite_user: 'Invitar a una persona',
    role: 'Rol', role_agent: 'Agente', role_supervisor: 'Supervisor', role_admin: 'Administrador',
    role_platform: 'Operador de la plataforma', capacity: 'Capacidad', capacity_hint: 'Conversaciones abiertas a la vez',
    active: 'Activo', inactive: 'Desactivado', deactivate: 'Desactivar', reactivate: 'Reactivar',
    you: 'tú', link_once: 'Comparte este enlace con la persona: se muestra una sola vez y vale 72 horas.',
    copy: 'Copiar', copied: 'Copiado', my_account: 'Mi cuenta', change_password: 'Cambiar contraseña',
    current_password: 'Contraseña actual', new_password: 'Contraseña nueva', password_changed: 'Contraseña cambiada',
    sign_out_everywhere: 'Cerrar sesión en todos lados',
    session_ended: 'Tu sesión terminó. Vuelve a iniciar sesión.', set_password_title: 'Elige tu contraseña',
    password_repeat: 'Repite la contraseña', passwords_differ: 'Las contraseñas no coinciden',
    password_min: 'Al menos 8 caracteres', password_set: 'Contraseña guardada: ya puedes iniciar sesión.',
    link_invalid: 'El enlace no es válido, ya se usó o venció. Pide uno nuevo a tu administrador.',
    team_hint: 'Solo un administrador invita, cambia roles y desactiva.', slug: 'Identificador',
    new_tenant: 'Nueva empresa', first_admin: 'Primer administrador', suspended: 'Suspendida',
    suspend: 'Suspender', reinstate: 'Reanudar', users_count: 'Usuarios activos',
  },
  en: {
    team: 'Team', tenants: 'Companies', invite: 'Invite', invite_user: 'Invite someone',
    role: 'Role', role_agent: 'Agent', role_supervisor: 'Supervisor', role_admin: 'Admin',
    role_platform: 'Platform operator', capacity: 'Capacity', capacity_hint: 'Open conversations at a time',
    active: 'Active', inactive: 'Deactivated', deactivate: 'Deactivate', reactivate: 'Reactivate',
    you: 'you', link_once: 'Share this link with them: it is shown only once and is valid for 72 hours.',
    copy: 'Copy', copied: 'Copied', my_account: 'My account', change_password: 'Change password',
    current_password: 'Current password', new_password: 'New password', password_changed: 'Password changed',
    sign_out_everywhere: 'Sign out everywhere',
    session_ended: 'Your session ended. Sign in again.', set_password_title: 'Choose your password',
    password_repeat: 'Repeat the password', passwords_differ: 'The passwords differ',
    password_min: 'At least 8 characters', password_set: 'Password saved: you can sign in now.',
    link_invalid: 'The link is invalid, used or expired. Ask your admin for a new one.',
    team_hint: 'Only an admin invites, changes roles and deactivates.', slug: 'Identifier',
    new_tenant: 'New company', first_admin: 'First admin', suspended: 'Suspended',
    suspend: 'Suspend', reinstate: 'Reinstate', users_count: 'Active users',
  },
});
