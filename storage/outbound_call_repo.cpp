#include "storage/outbound_call_repo.hpp"

#include "storage/record_filter.hpp"

namespace centralita::storage {

namespace {

constexpr const char* context_sql = R"sql(
SELECT c.id, c.customer_id, cu.name, cu.phone, coalesce(cu.language, ''),
       coalesce(s.order_number, ''), coalesce(s.tracking_number, ''), coalesce(s.status, ''),
       t.id, coalesce(t.subject, '')
FROM conversations c
JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
LEFT JOIN LATERAL (
  SELECT order_number, tracking_number, status FROM shipments
  WHERE tenant_id = c.tenant_id AND customer_id = c.customer_id ORDER BY id DESC LIMIT 1
) s ON true
LEFT JOIN LATERAL (
  SELECT id, subject FROM tickets
  WHERE tenant_id = c.tenant_id AND conversation_id = c.id AND status IN ('NEW', 'IN_PROGRESS')
  ORDER BY id DESC LIMIT 1
) t ON true
WHERE c.tenant_id = $1 AND c.id = $2
)sql";

// A webhook that raced ahead of this insert already made the row: link it, keep its status.
constexpr const char* insert_sql = R"sql(
INSERT INTO call_sessions (tenant_id, provider_conversation_id, provider_call_sid, agent_id,
                           customer_id, conversation_id, ticket_id, direction, status, phone,
                           started_at)
VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, ''), $5, $6, $7, 'outbound', 'initiated', $8, now())
ON CONFLICT (tenant_id, provider_conversation_id) DO UPDATE SET
  provider_call_sid = COALESCE(call_sessions.provider_call_sid, EXCLUDED.provider_call_sid),
  customer_id = COALESCE(call_sessions.customer_id, EXCLUDED.customer_id),
  conversation_id = COALESCE(call_sessions.conversation_id, EXCLUDED.conversation_id),
  ticket_id = COALESCE(call_sessions.ticket_id, EXCLUDED.ticket_id),
  direction = 'outbound', updated_at = now()
RETURNING id,
  jsonb_build_object('id', id, 'conversation_id', conversation_id, 'customer_id', customer_id,
                     'ticket_id', ticket_id, 'direction', direction, 'status', status,
                     'provider_conversation_id', provider_conversation_id,
                     'duration_s', duration_s, 'summary', summary,
                     'has_audio', audio_path IS NOT NULL, 'failure_reason', failure_reason)::text
)sql";

}  // namespace

result<outbound_call_context> outbound_call_repo::context(int64_t tenant_id,
                                                          int64_t conversation_id) {
  auto r = db_.exec(context_sql, {std::to_string(tenant_id), std::to_string(conversation_id)});
  if (!r) return r.error();
  if (r->rows() == 0) {
    return make_error(errc::not_found, "no such conversation", "conversation_not_found");
  }
  outbound_call_context c;
  c.conversation_id = r->i64(0, 0);
  c.customer_id = r->i64(0, 1);
  c.customer_name = r->str(0, 2);
  c.phone = r->str(0, 3);
  c.language = r->str(0, 4);
  c.order_number = r->str(0, 5);
  c.tracking_number = r->str(0, 6);
  c.tracking_status = r->str(0, 7);
  c.ticket_id = nullable_int(*r, 0, 8);
  c.ticket_subject = r->str(0, 9);
  return c;
}

result<stored_outbound_call> outbound_call_repo::record(const outbound_call_context& ctx,
                                                        const started_call& call) {
  return in_transaction(db_, [&]() -> result<stored_outbound_call> {
    param ticket;
    if (ctx.ticket_id) ticket = std::to_string(*ctx.ticket_id);
    auto r = db_.exec(insert_sql, {std::to_string(call.tenant_id), call.provider_conversation_id,
                                   call.call_sid, call.agent_id, std::to_string(ctx.customer_id),
                                   std::to_string(ctx.conversation_id), ticket, ctx.phone});
    if (!r) return r.error();
    stored_outbound_call out{r->i64(0, 0), r->str(0, 1)};
    auto a = audit_repo{db_}.append({call.tenant_id, call.actor, "call", std::to_string(out.id),
                                     "call.started", std::nullopt, out.call_json});
    if (!a) return a.error();
    return out;
  });
}

}  // namespace centralita::storage
