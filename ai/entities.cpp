#include "ai/entities.hpp"

#include <cctype>
#include <vector>

#include "ai/text_fold.hpp"

namespace centralita::ai {

namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// A token of the raw text: a run of letters, digits and inner hyphens, with its position.
struct token {
  std::string_view text;
  std::string folded;  // lower case, accents folded
};

// Length of the letter or digit at text[i]: 1 for ASCII, 2 for a Latin-1 letter (á, ñ, ü),
// 0 for anything else (punctuation, emoji, other scripts).
std::size_t letter_at(std::string_view text, std::size_t i) {
  if (is_alnum(text[i])) return 1;
  auto b = static_cast<unsigned char>(text[i]);
  if (b == 0xC3 && i + 1 < text.size()) return 2;
  return 0;
}

std::vector<token> tokenize(std::string_view text) {
  std::vector<token> out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto len = letter_at(text, i);
    if (len == 0) {
      ++i;
      continue;
    }
    auto start = i;
    while (i < text.size()) {
      if (auto l = letter_at(text, i)) {
        i += l;
      } else if (text[i] == '-' && i + 1 < text.size() && letter_at(text, i + 1) == 1) {
        ++i;  // an inner hyphen: F-2024-001
      } else {
        break;
      }
    }
    auto raw = text.substr(start, i - start);
    out.push_back({raw, fold_text(raw)});
  }
  return out;
}

bool has_digit(std::string_view s) {
  for (char c : s) {
    if (is_digit(c)) return true;
  }
  return false;
}

std::size_t digit_count(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += is_digit(c) ? 1 : 0;
  return n;
}

// Words that may sit between a keyword and its number: "pedido número 123", "order no. 5".
bool is_filler(std::string_view w) {
  return is_one_of(w, {"no", "num", "numero", "nro", "n",  "nº", "number", "de",  "del",   "mi",
                       "my", "is",  "es",     "el",  "la", "id", "the",    "con", "folio", "o"});
}

bool looks_like_tracking(std::string_view raw) {
  // CS-style: CS followed by at least three digits (CS1001).
  if (raw.size() >= 5 && (raw[0] == 'C' || raw[0] == 'c') && (raw[1] == 'S' || raw[1] == 's')) {
    bool digits = true;
    for (std::size_t i = 2; i < raw.size(); ++i) digits = digits && is_digit(raw[i]);
    if (digits) return true;
  }
  // UPS: 1Z and 16 letters or digits.
  if (raw.size() == 18 && raw[0] == '1' && (raw[1] == 'Z' || raw[1] == 'z')) return true;
  // UPU postal: two letters, nine digits, two letters (RR123456789MX).
  if (raw.size() == 13 && is_upper(raw[0]) && is_upper(raw[1]) && is_upper(raw[11]) &&
      is_upper(raw[12]) && digit_count(raw.substr(2, 9)) == 9) {
    return true;
  }
  return false;
}

bool looks_like_invoice(std::string_view raw) {
  // F-2024-001, FAC-123, FACT-88, INV-2024-7, FAC123.
  std::string up;
  for (char c : raw) up.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  for (std::string_view prefix : {"FACT-", "FAC-", "INV-", "F-", "FACT", "FAC", "INV"}) {
    if (up.size() > prefix.size() && up.compare(0, prefix.size(), prefix) == 0 &&
        is_digit(up[prefix.size()])) {
      return true;
    }
  }
  return false;
}

// A number worth reporting after a keyword: digits (at least three) or a code with digits.
bool is_reference(const token& t) {
  if (!has_digit(t.text)) return false;
  return digit_count(t.text) >= 3 || is_code(t.folded);
}

std::string find_email(std::string_view text) {
  for (auto at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    auto email_char = [](char c) {
      return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    };
    auto start = at;
    while (start > 0 && email_char(text[start - 1])) --start;
    auto end = at + 1;
    while (end < text.size() && (is_alnum(text[end]) || text[end] == '.' || text[end] == '-')) {
      ++end;
    }
    while (end > at + 1 && text[end - 1] == '.') --end;  // a sentence's full stop
    auto domain = text.substr(at + 1, end - at - 1);
    auto dot = domain.find('.');
    if (start < at && dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size()) {
      return std::string{text.substr(start, end - start)};
    }
  }
  return {};
}

}  // namespace

triage_entities extract_entities(std::string_view text) {
  triage_entities e;
  e.email = find_email(text);
  e.amount = find_amount(text);
  auto tokens = tokenize(text);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& t = tokens[i];
    if (t.text.find('@') != std::string_view::npos) continue;
    if (e.tracking_number.empty() && looks_like_tracking(t.text)) {
      e.tracking_number = std::string{t.text};
      continue;
    }
    if (e.invoice_number.empty() && looks_like_invoice(t.text)) {
      e.invoice_number = std::string{t.text};
      continue;
    }
    // A keyword, then maybe filler words, then the reference.
    std::string* slot = nullptr;
    if (is_one_of(t.folded,
                  {"pedido", "orden", "order", "compra", "purchase", "pedidos", "ordenes"})) {
      slot = &e.order_number;
    } else if (is_one_of(t.folded, {"guia", "tracking", "rastreo", "seguimiento", "paquete",
                                    "envio", "shipment", "parcel", "package"})) {
      slot = &e.tracking_number;
    } else if (is_one_of(t.folded,
                         {"factura", "invoice", "bill", "recibo", "receipt", "facturas"})) {
      slot = &e.invoice_number;
    }
    if (slot == nullptr || !slot->empty()) continue;
    for (std::size_t j = i + 1; j < tokens.size() && j <= i + 3; ++j) {
      if (is_reference(tokens[j])) {
        *slot = std::string{tokens[j].text};
        break;
      }
      if (!is_filler(tokens[j].folded)) break;
    }
  }
  // "#12345" on its own reads as an order number.
  if (e.order_number.empty() && e.invoice_number.empty() && e.tracking_number.empty()) {
    for (auto hash = text.find('#'); hash != std::string_view::npos;
         hash = text.find('#', hash + 1)) {
      auto end = hash + 1;
      while (end < text.size() && (is_alnum(text[end]) || text[end] == '-')) ++end;
      auto ref = text.substr(hash + 1, end - hash - 1);
      if (digit_count(ref) >= 3) {
        e.order_number = std::string{ref};
        break;
      }
    }
  }
  return e;
}

}  // namespace centralita::ai
