#pragma once
// The content of the demo data (docs/contract.md §Demo data) as plain values, kept apart from the
// SQL that writes it (seed.cpp). Times are relative to the moment of seeding.

#include <string>
#include <vector>

namespace centralita::storage::demo {

/// A dashboard user; every demo user has the password "admin123".
struct user {
  std::string email;
  std::string name;
  std::string role;  ///< agent | supervisor | admin | platform
};

/// Where a channel account's secrets come from.
enum class account_secrets {
  none,
  builderbot,      ///< BUILDERBOT_API_URL, BUILDERBOT_API_KEY, BUILDERBOT_BOT_ID
  elevenlabs,      ///< ELEVENLABS_WEBHOOK_SECRET, _API_KEY, _AGENT_ID, _PHONE_NUMBER_ID
  whatsapp_cloud,  ///< WHATSAPP_CLOUD_APP_SECRET, _VERIFY_TOKEN, _ACCESS_TOKEN, _PHONE_NUMBER_ID
  aftership,       ///< AFTERSHIP_API_KEY, when TRACKING_PROVIDER=aftership
  seventeentrack,  ///< SEVENTEENTRACK_API_KEY, when TRACKING_PROVIDER=17track
  openai,          ///< OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_CHAT_MODEL
};

/// A channel account; its name is its account key.
struct account {
  std::string key;
  std::string provider;
  account_secrets secrets = account_secrets::none;
};

/// One message of a conversation.
struct message {
  std::string direction;    ///< in | out
  std::string sender_type;  ///< customer | bot | agent
  int minutes_ago = 0;
  std::string body;
};

/// A customer and their one open conversation on the tenant's first account.
struct conversation {
  std::string phone;
  std::string name;
  std::string email;
  std::string assignee_email;  ///< empty: unassigned
  std::vector<message> messages;
};

/// A ticket on a customer's conversation, keyed by subject within the tenant.
struct ticket {
  std::string subject;
  std::string description;
  std::string status;
  std::string priority;
  std::string category;
  std::string customer_phone;
  std::string assignee_email;  ///< empty: unassigned
  int created_minutes_ago = 0;
  int first_response_minutes = 60;  ///< SLA, from creation
  int resolution_minutes = 1440;    ///< SLA, from creation
};

/// A knowledge-base article in Markdown, keyed by title within the tenant.
struct article {
  std::string title;
  std::vector<std::string> tags;
  std::string body;
};

/// A carrier checkpoint of a shipment.
struct checkpoint {
  int hours_ago = 0;
  std::string status;
  std::string location;
  std::string description;
};

/// A shipment, keyed by tracking number within the tenant.
struct shipment {
  std::string tracking_number;
  std::string carrier;
  std::string status;
  std::string customer_phone;
  std::string order_number;
  int eta_days = 0;  ///< from now; negative for the past
  std::vector<checkpoint> checkpoints;
};

/// What an invoice and a quote share: a number, their key within the tenant, the customer they
/// are for and their status.
struct billing_document {
  std::string number;
  std::string customer_phone;
  std::string status;
};

/// An invoice.
struct invoice : billing_document {
  long long amount_cents = 0;
  int due_in_days = 0;
};

/// A quote; lines are a JSON array.
struct quote : billing_document {
  std::string lines_json;
  long long total_cents = 0;
  int valid_days = 0;
};

/// Everything one demo tenant holds.
struct tenant {
  std::string slug;
  std::string name;
  std::vector<user> users;
  std::vector<account> accounts;
  std::vector<conversation> conversations;
  std::vector<ticket> tickets;
  std::vector<article> articles;
  std::vector<shipment> shipments;
  std::vector<invoice> invoices;
  std::vector<quote> quotes;
};

/// The password of every demo user.
inline constexpr const char* password = "admin123";

/// The demo tenants, `admin` first, then `demo`.
const std::vector<tenant>& tenants();

/// The Spanish knowledge articles of the `demo` tenant.
std::vector<article> demo_articles();

}  // namespace centralita::storage::demo
