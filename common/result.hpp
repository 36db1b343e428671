#pragma once
// A value or an error: what plain layers (config, storage) return instead of throwing.

#include <optional>
#include <utility>
#include <variant>

#include "common/error.hpp"

namespace centralita {

/// Holds a T or an error; check with `ok()` (or `operator bool`) before reading the value.
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : v_(std::move(value)) {}              // NOLINT(google-explicit-constructor)
  result(centralita::error err) : v_(std::move(err)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const centralita::error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, centralita::error> v_;
};

/// The result of an operation with no value.
struct unit {};
using status = result<unit>;
inline status ok_status() { return unit{}; }

}  // namespace centralita
