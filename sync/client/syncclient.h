// The device side of sync: enrolment, then push (outbox in batches, marked sent only when the
// server acknowledges) and pull (pages since the cursor, each committed with its cursor in one
// local transaction).
//
// A sequence gap (the server lacks changes numbered below the batch, e.g. it was restored from
// an older backup) requeues the changes from the number the server expects and sends them again
// (Store::requeueFrom); only when this device no longer holds that change does the run end with
// error "sequence_gap" (the batch stays pending, nothing is marked rejected). A device revoked
// by an administrator ends the run with state Revoked and deviceRevoked().
//
// Thread: lives on the thread that owns the Store (the store worker in the app, the main thread
// in doorstep-cli) and needs an event loop there. Every call returns at once; results arrive by
// signal. Ownership: the Store is borrowed and must outlive the client.
#pragma once

#include "app/store/store.h"
#include "sync/protocol/messages.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

namespace doorstep::sync {

class SyncClient : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Syncing, Offline, Error, Revoked };
    Q_ENUM(State)

    explicit SyncClient(store::Store *store, QObject *parent = nullptr);

    // Makes the device's Ed25519 key pair, presents it with the one-time code, and on success
    // writes the identity (and the pinned certificate) into the store. `certificateSha256` (hex)
    // pins the server's certificate; empty pins whatever the server presents now.
    void enrol(const QUrl &server, const QString &code, const QString &deviceName,
               const QString &certificateSha256 = {});
    // Pushes everything pending, then pulls until the server has no more. One run at a time:
    // a call while syncing is ignored.
    void sync();

    State state() const { return m_state; }
    QString errorString() const { return m_errorString; }

    // Sends a request signed with the device identity; the caller owns and reads the reply.
    QNetworkReply *send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body);

    // For tests: the physical clock used for request timestamps.
    void setClock(std::function<qint64()> millisNow) { m_millisNow = std::move(millisNow); }
    // How far the server's clock is ahead of this device's (negative: behind), as learnt from a
    // request refused as stale; 0 until then. Request timestamps add it.
    qint64 clockOffsetMillis() const { return m_clockOffsetMillis; }

Q_SIGNALS:
    void stateChanged(doorstep::sync::SyncClient::State state);
    void enrolFinished(bool ok, const QString &errorCode, const QString &message);
    // pushed: changes the server acknowledged; rejected: changes it refused (kept in the outbox
    // with the reason); pulled: changes applied locally.
    void syncFinished(bool ok, const QString &errorCode, const QString &message, int pushed, int rejected,
                      int pulled);
    void progress(int done, int total);
    // The server refused this device as revoked (403 "revoked"). Emitted once per refused run,
    // before syncFinished.
    void deviceRevoked();

private:
    // A push: its changes and the body that carries them.
    struct PushBatch
    {
        QList<Change> changes;
        QByteArray body;
    };
    void pushNextBatch();
    // The pending changes numbered after `afterSeq`, as many as one push carries, and their body.
    // No changes: none wait. An error: the first is more than the server takes in a request.
    Result<PushBatch> nextPushBatch(qint64 afterSeq);
    QNetworkReply *sendPush(const PushBatch &batch);
    void receivePushAnswer(QNetworkReply *reply, const QList<Change> &batch);
    // Drops a request read ahead whose answer is no longer wanted (nullptr: none).
    void abandon(QNetworkReply *reply);
    void pullNextPage();
    // Reads the answer to a pull of the device's own cursor when it arrives.
    void receivePage(QNetworkReply *reply);
    void pullFamilyPage();
    void applyPage(const protocol::PullResponse &page);
    QNetworkReply *sendPull(const QString &since, const QString &familyId, int limit);
    // The size of the next page of the device's own cursor: pages grow through a run.
    int nextPullLimit();
    // The page of a finished pull; nullopt after finishing the run with the reason.
    // `again` re-sends the request, signed afresh, when the server took the first copy as a replay.
    std::optional<protocol::PullResponse> readPage(QNetworkReply *reply, void (SyncClient::*again)());
    // Sends the request again (`again`) once after a refusal a fresh copy can pass: a replayed
    // nonce, or a stale timestamp (the clock offset is learnt from the answer first).
    bool resendAfterRefusal(QNetworkReply *reply, const Error &error, void (SyncClient::*again)());
    void finish(bool ok, const QString &code, const QString &message);
    void setState(State state);

    store::Store *m_store;
    QNetworkAccessManager m_network;
    State m_state = State::Idle;
    QString m_errorString;
    std::function<qint64()> m_millisNow;
    int m_pushed = 0;
    int m_rejected = 0;
    int m_pulled = 0;
    int m_total = 0;
    bool m_requeued = false;                      // this run has requeued after a sequence gap
    int m_pullLimit = protocol::defaultPullLimit; // the next page's size (nextPullLimit)
    // The run's last page was committed with the time of the run (Store::applyPulled's syncedAt).
    bool m_syncedAtSaved = false;
    // The last request was a fresh copy of one refused as a replay or as stale.
    bool m_resentAfterRefusal = false;
    // Server clock minus this device's, learnt from a stale-timestamp refusal; added to request
    // timestamps only.
    qint64 m_clockOffsetMillis = 0;
    // Fetching the history of families moved onto this caseload before applying the page that
    // said so.
    QStringList m_backfill;
    QString m_backfillSince;
    std::optional<protocol::PullResponse> m_heldPage;
};

} // namespace doorstep::sync
