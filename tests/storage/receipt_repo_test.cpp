// Delivery receipts move a sent message forward only: Meta may deliver them out of order, and a
// late "delivered" after "read" must not move the message back.
#include "storage/receipt_repo.hpp"

#include <catch2/catch.hpp>

using centralita::storage::receipt_moves;

TEST_CASE("receipts move a message forward only", "[storage]") {
  CHECK(receipt_moves("queued", "sent"));
  CHECK(receipt_moves("sent", "delivered"));
  CHECK(receipt_moves("sent", "read"));
  CHECK(receipt_moves("delivered", "read"));
  CHECK_FALSE(receipt_moves("read", "delivered"));
  CHECK_FALSE(receipt_moves("delivered", "delivered"));
  CHECK_FALSE(receipt_moves("delivered", "sent"));
  CHECK(receipt_moves("sent", "failed"));
  CHECK_FALSE(receipt_moves("delivered", "failed"));
  CHECK_FALSE(receipt_moves("failed", "read"));
  CHECK_FALSE(receipt_moves("dead", "delivered"));
  CHECK_FALSE(receipt_moves("received", "read"));
}
