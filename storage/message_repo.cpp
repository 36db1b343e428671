#include "storage/message_repo.hpp"

#include <unordered_map>

namespace centralita::storage {

namespace {

// A known customer whose name is unchanged is left out before the insert: ON CONFLICT DO UPDATE
// locks the row it meets (one WAL record) even when its WHERE then changes nothing. The
// conflict clause still settles a customer that another batch inserts meanwhile.
constexpr const char* upsert_customers_sql = R"sql(
INSERT INTO customers (tenant_id, phone, name)
SELECT n.tenant_id, n.phone, n.name
FROM (SELECT DISTINCT ON (tenant_id, phone) tenant_id, phone, name
      FROM unnest($1::bigint[], $2::text[], $3::text[])
        WITH ORDINALITY AS t(tenant_id, phone, name, ord)
      ORDER BY tenant_id, phone, ord DESC) n
LEFT JOIN LATERAL (SELECT true AS known, c.name FROM customers c
                   WHERE c.tenant_id = n.tenant_id AND c.phone = n.phone LIMIT 1) c ON true
WHERE c.known IS NULL OR (n.name <> '' AND c.name IS DISTINCT FROM n.name)
ON CONFLICT (tenant_id, phone) DO UPDATE SET name = EXCLUDED.name, updated_at = now()
  WHERE EXCLUDED.name <> '' AND customers.name IS DISTINCT FROM EXCLUDED.name
)sql";

// A merged customer's phone leads to the customer it was merged into (storage/customer_merge.hpp).
// Per-row index look-ups (LATERAL): the planner cannot know how many rows unnest() yields, and a
// plain join may rescan the whole input for each row of a table it believes small; a look-up per
// row keeps the cost linear in the batch whatever the statistics say.
constexpr const char* open_conversations_sql = R"sql(
INSERT INTO conversations (tenant_id, customer_id, channel_account_id, last_message_at)
SELECT DISTINCT ON (c.tenant_id, c.id) c.tenant_id, c.id, NULLIF(t.account_id, 0), now()
FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS t(tenant_id, phone, account_id)
CROSS JOIN LATERAL (
  SELECT COALESCE(merged_into_id, id) AS id, tenant_id FROM customers
  WHERE tenant_id = t.tenant_id AND phone = t.phone
) c
ORDER BY c.tenant_id, c.id
ON CONFLICT (tenant_id, customer_id) WHERE status IN ('open', 'pending') DO NOTHING
)sql";

// The conversation of each row by its two unique keys, one after the other: as a join of
// customers and conversations the planner, with statistics from when the tables were small,
// scanned a tenant's open conversations for every row (about 1 ms each at 1,000 customers);
// the LIMIT keeps the subquery from being pulled up into such a join.
constexpr const char* insert_messages_sql = R"sql(
INSERT INTO messages (tenant_id, conversation_id, event_id, direction, sender_type, body,
                      attachments, status)
SELECT t.tenant_id, v.id, t.event_id, t.direction, t.sender_type, t.body, t.attachments::jsonb,
       CASE WHEN t.direction = 'in' THEN 'received' ELSE 'sent' END
FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
  WITH ORDINALITY AS t(event_id, tenant_id, phone, direction, sender_type, body, attachments, ord)
CROSS JOIN LATERAL (
  SELECT v.id FROM conversations v
  WHERE v.tenant_id = t.tenant_id AND v.status IN ('open', 'pending')
    AND v.customer_id = (SELECT COALESCE(c.merged_into_id, c.id) FROM customers c
                         WHERE c.tenant_id = t.tenant_id AND c.phone = t.phone)
  LIMIT 1
) v
ORDER BY t.ord
ON CONFLICT (event_id) DO NOTHING
RETURNING event_id, id, conversation_id
)sql";

// A customer who writes on another line of the tenant (e.g. WhatsApp Cloud after Builderbot)
// moves their conversation there: replies go out on the channel they last wrote from. $2 holds
// the account of each customer message and 0 for the others. The rows are locked in id order
// first, as every bulk update of conversations does, so that two of them never deadlock.
constexpr const char* touch_conversations_sql = R"sql(
WITH t AS (
  SELECT DISTINCT ON (conv) conv, NULLIF(account_id, 0) AS account_id
  FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS u(conv, account_id, ord)
  ORDER BY conv, account_id = 0, ord DESC
), locked AS MATERIALIZED (
  SELECT id FROM conversations WHERE id IN (SELECT conv FROM t) ORDER BY id FOR NO KEY UPDATE
)
UPDATE conversations c SET last_message_at = now(), updated_at = now(),
  channel_account_id = COALESCE(t.account_id, c.channel_account_id)
FROM t JOIN locked l ON l.id = t.conv
WHERE c.id = t.conv
)sql";

// The media of the messages just inserted; a message stored again after a crash adds none twice.
constexpr const char* insert_media_sql = R"sql(
INSERT INTO media (tenant_id, message_id, channel_account_id, direction, kind, ord, source_url,
                   source_media_id, mime, filename, latitude, longitude, place_name, status)
SELECT m.tenant_id, m.id, NULLIF(t.account_id, 0), m.direction, t.kind, t.ord, NULLIF(t.url, ''),
       NULLIF(t.media_id, ''), NULLIF(t.mime, ''), NULLIF(t.filename, ''), t.lat, t.lng,
       NULLIF(t.place, ''), CASE WHEN t.kind = 'location' THEN 'ready' ELSE 'fetching' END
FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],
            $8::text[], $9::float8[], $10::float8[], $11::text[])
  AS t(message_id, ord, account_id, kind, url, media_id, mime, filename, lat, lng, place)
JOIN messages m ON m.id = t.message_id
ON CONFLICT (tenant_id, message_id, ord) DO NOTHING
RETURNING message_id, status, media_descriptor(media)::text
)sql";

// Media rows of `stored` messages, with their descriptors and whether any waits for a download.
status insert_media(pg_connection& db, const std::vector<inbound_message>& messages,
                    std::vector<stored_message>& stored) {
  std::unordered_map<std::string, const inbound_message*> by_event;
  for (const auto& m : messages) {
    if (!m.media.empty()) by_event.emplace(m.event_id, &m);
  }
  if (by_event.empty()) return ok_status();
  std::vector<std::string> ids, ords, accounts, kinds, urls, media_ids, mimes, names, places;
  std::vector<std::optional<std::string>> lats, lngs;
  for (const auto& s : stored) {
    auto it = by_event.find(s.event_id);
    if (it == by_event.end()) continue;
    int ord = 0;
    for (const auto& item : it->second->media) {
      ids.push_back(std::to_string(s.message_id));
      ords.push_back(std::to_string(ord++));
      accounts.push_back(std::to_string(it->second->account_id));
      kinds.push_back(item.kind);
      urls.push_back(item.source_url);
      media_ids.push_back(item.source_media_id);
      mimes.push_back(item.mime);
      names.push_back(item.filename);
      places.push_back(item.place_name);
      lats.push_back(item.latitude ? std::optional{std::to_string(*item.latitude)} : std::nullopt);
      lngs.push_back(item.longitude ? std::optional{std::to_string(*item.longitude)}
                                    : std::nullopt);
    }
  }
  if (ids.empty()) return ok_status();
  auto r = db.exec_prepared(
      "messages_insert_media", insert_media_sql,
      {text_array(ids), text_array(ords), text_array(accounts), text_array(kinds), text_array(urls),
       text_array(media_ids), text_array(mimes), text_array(names), nullable_text_array(lats),
       nullable_text_array(lngs), text_array(places)});
  if (!r) return r.error();
  std::unordered_map<int64_t, stored_message*> by_message;
  for (auto& s : stored) by_message.emplace(s.message_id, &s);
  for (int i = 0; i < r->rows(); ++i) {
    auto* s = by_message[r->i64(i, 0)];
    if (s == nullptr) continue;
    s->media_json.pop_back();
    s->media_json += (s->media_json.size() > 1 ? "," : "") + r->str(i, 2) + "]";
    s->media_to_fetch = s->media_to_fetch || r->str(i, 1) == "fetching";
  }
  return ok_status();
}

constexpr const char* line_status_sql = R"sql(
UPDATE channel_accounts a SET status = t.status, updated_at = now()
FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS t(tenant_id, account_id, status)
WHERE a.tenant_id = t.tenant_id AND a.id = t.account_id
)sql";

constexpr const char* mark_processed_sql = R"sql(
WITH done AS (
  UPDATE event_log SET status = 'processed', processed_at = now(), attempts = attempts + 1
  WHERE event_id = ANY($1::uuid[]) AND status = 'accepted'
  RETURNING seq
)
DELETE FROM event_queue WHERE seq IN (SELECT seq FROM done)
)sql";

}  // namespace

result<std::vector<stored_message>> message_repo::store_batch(
    const std::vector<inbound_message>& messages, const std::vector<line_status_change>& lines,
    const std::vector<std::string>& event_ids) {
  return in_transaction(db_, [&]() -> result<std::vector<stored_message>> {
    std::vector<stored_message> stored;
    if (!messages.empty()) {
      std::vector<std::string> ids, tenants, accounts, phones, names, directions, senders, bodies,
          attachments;
      for (const auto& m : messages) {
        ids.push_back(m.event_id);
        tenants.push_back(std::to_string(m.tenant_id));
        accounts.push_back(std::to_string(m.account_id));
        phones.push_back(m.phone);
        names.push_back(m.customer_name);
        directions.push_back(m.direction);
        senders.push_back(m.sender_type);
        bodies.push_back(m.body);
        attachments.push_back(m.attachments_json.empty() ? "[]" : m.attachments_json);
      }
      const auto t = text_array(tenants), p = text_array(phones);
      if (auto r = db_.exec_prepared("messages_upsert_customers", upsert_customers_sql,
                                     {t, p, text_array(names)});
          !r)
        return r.error();
      if (auto r = db_.exec_prepared("messages_open_conversations", open_conversations_sql,
                                     {t, p, text_array(accounts)});
          !r) {
        return r.error();
      }
      auto r =
          db_.exec_prepared("messages_insert", insert_messages_sql,
                            {text_array(ids), t, p, text_array(directions), text_array(senders),
                             text_array(bodies), text_array(attachments)});
      if (!r) return r.error();
      std::unordered_map<std::string, int64_t> channel;  // event -> account, customer messages
      for (const auto& m : messages) {
        if (m.direction == "in") channel.emplace(m.event_id, m.account_id);
      }
      std::vector<int64_t> conversations, accounts_in;
      for (int i = 0; i < r->rows(); ++i) {
        stored.push_back({r->str(i, 0), r->i64(i, 1), r->i64(i, 2)});
        conversations.push_back(r->i64(i, 2));
        auto it = channel.find(stored.back().event_id);
        accounts_in.push_back(it == channel.end() ? 0 : it->second);
      }
      if (auto m = insert_media(db_, messages, stored); !m) return m.error();
      if (!conversations.empty()) {
        if (auto u = db_.exec_prepared("messages_touch", touch_conversations_sql,
                                       {int_array(conversations), int_array(accounts_in)});
            !u) {
          return u.error();
        }
      }
    }
    if (!lines.empty()) {
      std::vector<std::string> tenants, accounts, statuses;
      for (const auto& l : lines) {
        tenants.push_back(std::to_string(l.tenant_id));
        accounts.push_back(std::to_string(l.account_id));
        statuses.push_back(l.status);
      }
      if (auto r =
              db_.exec_prepared("messages_line_status", line_status_sql,
                                {text_array(tenants), text_array(accounts), text_array(statuses)});
          !r) {
        return r.error();
      }
    }
    if (auto m = mark_processed(event_ids); !m) return m.error();
    return stored;
  });
}

status message_repo::mark_processed(const std::vector<std::string>& event_ids) {
  auto r =
      db_.exec_prepared("messages_mark_processed", mark_processed_sql, {text_array(event_ids)});
  if (!r) return r.error();
  return ok_status();
}

}  // namespace centralita::storage
