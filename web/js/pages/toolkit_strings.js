// The texts of the agent's toolkit: canned replies, private notes, labels, exports (Spanish by
// default, English).
import { addStrings } from '../i18n.js';

addStrings({
  es: {
    canned: 'Respuestas rápidas', canned_hint: 'Escribe / en la respuesta para usarlas. Variables: {{first_name}}, {{order_number}}, {{agent_name}}.',
    shortcut: 'Atajo', canned_text: 'Texto', add: 'Agregar', delete: 'Eliminar', save: 'Guardar',
    canned_none: 'Ninguna respuesta coincide', canned_missing: 'Falta un dato para', canned_insert: 'Insertar respuesta rápida',
    mode_reply: 'Responder', mode_note: 'Nota privada', note_placeholder: 'Nota para el equipo (el cliente no la ve). @nombre avisa a esa persona.',
    add_note: 'Guardar nota', private_note: 'Nota privada', ticket_notes: 'Notas privadas', no_notes: 'Sin notas', mentioned_you: 'te mencionó en una nota', mentions: 'Menciones',
    no_mentions: 'Sin menciones', labels: 'Etiquetas', add_label: '+ Etiqueta', all_labels: 'Todas las etiquetas',
    remove_label: 'Quitar etiqueta', label_name: 'Nombre', label_color: 'Color', ai_labels: 'La IA pone la etiqueta de la categoría (una etiqueta llamada como la categoría, p. ej. BILLING)',
    exports: 'Exportar CSV', export_kind: 'Qué', export_from: 'Desde', export_to: 'Hasta', export_go: 'Descargar',
    exp_conversations: 'Conversaciones', exp_tickets: 'Tickets', exp_messages: 'Mensajes', exp_csat: 'Satisfacción (CSAT)',
    export_received: 'recibidos', export_done: 'Exportación lista', export_hint: 'Solo supervisores y administradores. Hasta 10 años por exportación.',
    search_tickets: 'Buscar tickets', any_priority: 'Cualquier prioridad', any_category: 'Cualquier categoría', any_status: 'Cualquier estado',
    saved: 'Guardado', supervisors_only: 'Solo supervisores y administradores cambian esto.',
  },
  en: {
    canned: 'Canned replies', canned_hint: 'Type / in the reply to use them. Variables: {{first_name}}, {{order_number}}, {{agent_name}}.',
    shortcut: 'Shortcut', canned_text: 'Text', add: 'Add', delete: 'Delete', save: 'Save',
    canned_none: 'No reply matches', canned_missing: 'Missing a value for', canned_insert: 'Insert a canned reply',
    mode_reply: 'Reply', mode_note: 'Private note', note_placeholder: 'Note for the team (the customer never sees it). @name notifies that person.',
    add_note: 'Save note', private_note: 'Private note', ticket_notes: 'Private notes', no_notes: 'No notes', mentioned_you: 'mentioned you in a note', mentions: 'Mentions',
    no_mentions: 'No mentions', labels: 'Labels', add_label: '+ Label', all_labels: 'All labels',
    remove_label: 'Remove label', label_name: 'Name', label_color: 'Colour', ai_labels: 'The AI adds the category\'s label (a label named like the category, e.g. BILLING)',
    exports: 'Export CSV', export_kind: 'What', export_from: 'From', export_to: 'To', export_go: 'Download',
    exp_conversations: 'Conversations', exp_tickets: 'Tickets', exp_messages: 'Messages', exp_csat: 'Satisfaction (CSAT)',
    export_received: 'received', export_done: 'Export ready', export_hint: 'Supervisors and admins only. Up to 10 years per export.',
    search_tickets: 'Search tickets', any_priority: 'Any priority', any_category: 'Any category', any_status: 'Any status',
    saved: 'Saved', supervisors_only: 'Only supervisors and admins change this.',
  },
});
