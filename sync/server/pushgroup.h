// Group commit for pushes. Each push was one write transaction with its own fsync, and writers
// go one at a time, so under many devices pushes queued behind each other's fsyncs. Now a push
// joins a queue; one of the waiting threads (the leader) opens a write transaction, takes every
// push waiting at that moment, applies each inside its own savepoint (a push that fails is rolled
// back alone and answered with its error), commits once, and only then are all of them answered.
// Pushes that arrive during that commit wait for the next group. Used on SQLite (one writer at a
// time, an fsync per commit); on PostgreSQL each push keeps its own transaction.
//
// Thread: any; the leader runs every push of its group on its own thread and connection. One
// queue per database per process. Ownership: a push's work is borrowed until its answer is given.
#pragma once

#include "database.h"

#include "core/result.h"
#include "sync/protocol/messages.h"

#include <functional>

namespace doorstep::server {

class PushGroup
{
public:
    // One push's work on the leader's connection, inside the group's transaction and the push's
    // savepoint. An error rolls back the push's own writes only.
    using Work = std::function<Result<protocol::PushResponse>(QSqlDatabase &db)>;

    // Runs `work` in the next group and answers once the group's commit is durable (or failed:
    // then with the commit's error).
    static Result<protocol::PushResponse> run(const Database &database, Work work);

    // Counts for tests (DOORSTEP_SERVER_TEST_STATS): groups committed, pushes committed in them,
    // pushes waiting now for a group.
    struct Stats
    {
        qint64 groups = 0;
        qint64 pushes = 0;
        qint64 waiting = 0;
    };
    static Stats stats();
};

} // namespace doorstep::server
