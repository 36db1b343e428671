#include "actors/db_worker.hpp"

#include "common/log.hpp"

namespace centralita::actors {

caf::behavior db_worker(caf::stateful_actor<db_worker_state>* self,
                        std::shared_ptr<node_context> ctx) {
  self->state.db = std::make_unique<db_session>(ctx->settings.database_url);
  return {
      [self](db_job_msg& msg) {
        auto conn = self->state.db->get();
        if (!conn) return (*msg.job)(conn.error(), nullptr);
        try {
          (*msg.job)({}, *conn);
        } catch (const std::exception& e) {
          log::error("db worker: job threw: {}", e.what());
        }
        // A job that lost the connection leaves it broken; the next get() reconnects.
        if (!(*conn)->healthy()) self->state.db->drop();
      },
  };
}

}  // namespace centralita::actors
