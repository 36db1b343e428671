#pragma once
// The customer-service thesaurus: groups of Spanish and English words and phrases that mean the
// same thing to a helpdesk ("reembolso", "refund", "money back"). Data only; text_analyzer
// stems the phrases and maps them to one concept term per group.

#include <string_view>
#include <vector>

namespace centralita::vectorindex {

/// One group: its concept name and its phrases (plain words, accents allowed).
struct synonym_group {
  std::string_view concept_name;
  std::vector<std::string_view> phrases;
  /// When set, the groups whose concepts these phrases give, instead of this group's own: for
  /// phrases that mean either of two topics ("me arrepentí": cancelling or returning).
  std::vector<std::string_view> means = {};
};

/// Every group.
const std::vector<synonym_group>& thesaurus();

}  // namespace centralita::vectorindex
