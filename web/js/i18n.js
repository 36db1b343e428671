// Spanish by default, English selectable; the choice is kept in localStorage.
const dict = {
  es: {
    app: 'Centralita', login_title: 'Iniciar sesión', email: 'Correo electrónico', password: 'Contraseña',
    sign_in: 'Entrar', sign_out: 'Salir', login_failed: 'Correo o contraseña incorrectos',
    home: 'Inicio', inbox: 'Bandeja de entrada', tickets: 'Tickets', knowledge: 'Base de conocimiento',
    shipments: 'Envíos', calls: 'Llamadas', invoices: 'Facturas', quotes: 'Cotizaciones',
    events: 'Eventos', audit: 'Auditoría', settings: 'Configuración',
    conversations: 'Conversaciones', f_open: 'Abiertas', f_mine: 'Mías', f_unassigned: 'Sin asignar',
    f_bot: 'Bot', f_all: 'Todas', search: 'Buscar', search_conversations: 'Buscar conversaciones',
    load_more: 'Cargar más', no_conversations: 'No hay conversaciones', pick_conversation: 'Elige una conversación',
    reply: 'Responder', reply_placeholder: 'Escribe una respuesta… (Ctrl+Enter envía)', send: 'Enviar',
    assign_me: 'Asignarme', resolve: 'Resolver', reopen: 'Reabrir', hand_to_bot: 'Devolver al bot',
    bot_active: 'Bot activo', agent_active: 'Atendida por agente', customer: 'Cliente', phone: 'Teléfono',
    name: 'Nombre', orders_shipments: 'Pedidos y envíos', none: 'Ninguno',
    suggestions: 'Sugerencias de la IA', approve: 'Aprobar', edit_send: 'Editar y enviar', reject: 'Rechazar',
    reject_reason: 'Motivo del rechazo', ai_decision: 'Decisión de la IA', category: 'Categoría',
    confidence: 'Confianza', reason: 'Motivo', call: 'Llamada', summary: 'Resumen', transcript: 'Transcripción',
    ticket: 'Ticket', shipment: 'Envío', status: 'Estado', priority: 'Prioridad', subject: 'Asunto',
    created: 'Creado', updated: 'Actualizado', board: 'Tablero', table: 'Tabla', ticket_events: 'Historial',
    new_ticket: 'Nuevo ticket', create: 'Crear', cancel: 'Cancelar', save: 'Guardar', delete: 'Eliminar',
    close: 'Cerrar', NEW: 'Nuevo', IN_PROGRESS: 'En curso', RESOLVED: 'Resuelto', CLOSED: 'Cerrado',
    not_available: 'Aún no disponible', not_available_text: 'Esta sección llegará pronto: el servidor todavía no ofrece esta función.',
    error: 'Error', retry: 'Reintentar', loading: 'Cargando…', empty: 'Sin datos',
    live_on: 'En vivo', live_off: 'Sin conexión', live_connecting: 'Conectando…',
    articles: 'Artículos', new_article: 'Nuevo artículo', title: 'Título', body: 'Contenido (Markdown)',
    preview: 'Vista previa', kb_search: 'Buscar en la base', score: 'Puntuación', import: 'Importar',
    import_files: 'Importar archivos Markdown', imported: 'importados',
    replay: 'Reintentar', failed_only: 'Solo fallidos', provider: 'Proveedor', event: 'Evento', attempts: 'Intentos',
    actor: 'Actor', action: 'Acción', object: 'Objeto', when: 'Cuándo',
    ai_mode: 'Modo de la IA', threshold: 'Umbral de confianza', autopilot_categories: 'Categorías en piloto automático',
    channel_accounts: 'Cuentas de canal', saved: 'Guardado', admins_only: 'Solo administradores',
    messages_per_hour: 'Mensajes por hora', triage_categories: 'Categorías de triaje', autopilot_share: 'Piloto automático',
    first_response: 'Primera respuesta (min)', sla_breaches: 'Incumplimientos de SLA',
    language: 'Idioma', shortcuts: 'Atajos: j/k mover · r responder · a aprobar', unread: 'no leídos',
    tracking: 'Rastreo', carrier: 'Paquetería', eta: 'Entrega estimada', duration: 'Duración', number: 'Número',
    total: 'Total', due: 'Vence', menu: 'Menú', sent_to_customer: 'Enviado',
    agent: 'Agente', open: 'Abierta', pending: 'Pendiente', resolved: 'Resuelta', move_to: 'Mover a',
  },
  en: {
    app: 'Centralita', login_title: 'Sign in', email: 'Email', password: 'Password', sign_in: 'Sign in',
    sign_out: 'Sign out', login_failed: 'Wrong email or password',
    home: 'Home', inbox: 'Inbox', tickets: 'Tickets', knowledge: 'Knowledge base', shipments: 'Shipments',
    calls: 'Calls', invoices: 'Invoices', quotes: 'Quotes', events: 'Events', audit: 'Audit log', settings: 'Settings',
    conversations: 'Conversations', f_open: 'Open', f_mine: 'Mine', f_unassigned: 'Unassigned', f_bot: 'Bot',
    f_all: 'All', search: 'Search', search_conversations: 'Search conversations', load_more: 'Load more',
    no_conversations: 'No conversations', pick_conversation: 'Pick a conversation', reply: 'Reply',
    reply_placeholder: 'Write a reply… (Ctrl+Enter sends)', send: 'Send', assign_me: 'Assign to me',
    resolve: 'Resolve', reopen: 'Reopen', hand_to_bot: 'Hand back to bot', bot_active: 'Bot active',
    agent_active: 'Handled by an agent', customer: 'Customer', phone: 'Phone', name: 'Name',
    orders_shipments: 'Orders and shipments', none: 'None', suggestions: 'AI suggestions', approve: 'Approve',
    edit_send: 'Edit and send', reject: 'Reject', reject_reason: 'Reason for rejecting', ai_decision: 'AI decision',
    category: 'Category', confidence: 'Confidence', reason: 'Reason', call: 'Call', summary: 'Summary',
    transcript: 'Transcript', ticket: 'Ticket', shipment: 'Shipment', status: 'Status', priority: 'Priority',
    subject: 'Subject', created: 'Created', updated: 'Updated', board: 'Board', table: 'Table',
    ticket_events: 'History', new_ticket: 'New ticket', create: 'Create', cancel: 'Cancel', save: 'Save',
    delete: 'Delete', close: 'Close', NEW: 'New', IN_PROGRESS: 'In progress', RESOLVED: 'Resolved', CLOSED: 'Closed',
    not_available: 'Not available yet', not_available_text: 'This section is coming: the server does not offer it yet.',
    error: 'Error', retry: 'Retry', loading: 'Loading…', empty: 'No data', live_on: 'Live', live_off: 'Offline',
    live_connecting: 'Connecting…', articles: 'Articles', new_article: 'New article', title: 'Title',
    body: 'Body (Markdown)', preview: 'Preview', kb_search: 'Search the knowledge base', score: 'Score',
    import: 'Import', import_files: 'Import Markdown files', imported: 'imported', replay: 'Replay',
    failed_only: 'Failed only', provider: 'Provider', event: 'Event', attempts: 'Attempts', actor: 'Actor',
    action: 'Action', object: 'Object', when: 'When', ai_mode: 'AI mode', threshold: 'Confidence threshold',
    autopilot_categories: 'Autopilot categories', channel_accounts: 'Channel accounts', saved: 'Saved',
    admins_only: 'Admins only', messages_per_hour: 'Messages per hour', triage_categories: 'Triage categories',
    autopilot_share: 'Autopilot', first_response: 'First response (min)', sla_breaches: 'SLA breaches',
    language: 'Language', shortcuts: 'Shortcuts: j/k move · r reply · a approve', unread: 'unread',
    tracking: 'Tracking', carrier: 'Carrier', eta: 'ETA', duration: 'Duration', number: 'Number', total: 'Total',
    due: 'Due', menu: 'Menu', sent_to_customer: 'Sent',
    agent: 'Agent', open: 'Open', pending: 'Pending', resolved: 'Resolved', move_to: 'Move to',
  },
};

let lang = localStorage.getItem('centralita.lang') === 'en' ? 'en' : 'es';

export const getLang = () => lang;
export function setLang(l) {
  lang = l === 'en' ? 'en' : 'es';
  localStorage.setItem('centralita.lang', lang);
  document.documentElement.lang = lang;
}
/// The text for `key` in the current language (the key itself when missing).
export function t(key) {
  return dict[lang][key] ?? dict.es[key] ?? key;
}
