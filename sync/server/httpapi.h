// The HTTP API of sync/PROTOCOL.md on a QHttpServer: health, enrol, push, pull, flags and
// coverage. Every route that touches the database answers with a QFuture computed on the API's
// own thread pool, whose threads each hold one database connection.
//
// Thread: install() and destruction on the server's thread; handlers run on the pool.
// Ownership: owns the pool; borrows the QHttpServer, which must not outlive this object's
// pending answers (destroy the server first, then this).
#pragma once

#include "caller.h"
#include "database.h"
#include "incomingrequest.h"
#include "requestverifier.h"

#include "core/result.h"

#include <QFuture>
#include <QObject>
#include <QSemaphore>
#include <QThreadPool>

#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;
QT_END_NAMESPACE

namespace doorstep::server {

struct Reply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QString deviceId; // for the log line only
};

class HttpApi : public QObject
{
    Q_OBJECT
public:
    explicit HttpApi(Database database, QObject *parent = nullptr);
    ~HttpApi() override;

    void install(QHttpServer &server);
    // Waits for handlers still running (for shutdown).
    void waitForIdle();

private:
    // What a signed route needs of its caller: Push admits revoked devices (they hand in what
    // they hold before they shred their store) and leaves scope to the change log; Caseload
    // needs a scope (not an administrator); Supervisor needs a supervisor (scope: the team).
    enum class Need { Push, Caseload, Supervisor };
    struct Authorised
    {
        Caller caller;
        Scope scope; // set unless Need::Push
    };
    // The prelude of every signed route: verify the signature, then what the route needs.
    // `nonce` Defer: the route remembers the nonce in its own transaction (push, pull), which
    // saves a commit per request; it must then refuse a nonce seen before there.
    Result<Authorised> authorise(const IncomingRequest &request, Need need,
                                 RequestVerifier::Nonce nonce = RequestVerifier::Nonce::Admit);

    QFuture<QHttpServerResponse> later(const QHttpServerRequest &request,
                                       std::function<Reply(const IncomingRequest &)> handler);

    Reply enrol(const IncomingRequest &request);
    Reply push(const IncomingRequest &request);
    Reply pull(const IncomingRequest &request);
    // A pull's writes in one transaction; `cursor` unset: a family's history (no cursor to note).
    Result<void> notePull(const IncomingRequest &request, const QString &deviceId,
                          std::optional<qint64> cursor, int pending);
    Reply flags(const IncomingRequest &request);
    Reply coverage(const IncomingRequest &request);
    // Waits for one of the few turns to hold a whole caseload in memory (flags, coverage),
    // however many threads the pool has; the turn ends with the releaser.
    QSemaphoreReleaser caseloadTurn();

    Database m_database;
    QThreadPool m_pool;
    QSemaphore m_caseloadTurns;
};

} // namespace doorstep::server
