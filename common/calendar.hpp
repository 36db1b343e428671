#pragma once
// Dates and times from outside (cursors, query parameters, body fields) checked as real ones
// before PostgreSQL sees them: a day that does not exist is a 400, not a database error.

#include <string_view>

namespace centralita {

/// True for YYYY-MM-DD naming a real day of the years 1900..9999.
bool is_calendar_date(std::string_view text);

/// True for YYYY-MM-DDTHH:MM:SS.ffffffZ (the shape the API writes) naming a real instant.
bool is_utc_timestamp_micros(std::string_view text);

}  // namespace centralita
