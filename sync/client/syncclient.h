// The device side of sync: enrolment, then push (outbox in batches, marked sent only when the
// server acknowledges) and pull (pages since the cursor, each committed with its cursor in one
// local transaction).
//
// Two answers end a run for good reason and say so: a device revoked by an administrator (state
// Revoked and deviceRevoked(): every later request is refused, so the app should crypto-shred
// the store), and a sequence gap (error "sequence_gap": the server lacks changes numbered below
// the batch, e.g. it was restored from an older backup; the batch stays pending, nothing is
// marked rejected).
//
// Thread: lives on the thread that owns the Store (the store worker in the app, the main thread
// in doorstep-cli) and needs an event loop there. Every call returns at once; results arrive by
// signal. Ownership: the Store is borrowed and must outlive the client.
#pragma once

#include "app/store/store.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <functional>

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

    // For tests: the physical clock used for request timestamps.
    void setClock(std::function<qint64()> millisNow) { m_millisNow = std::move(millisNow); }

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
    void pushNextBatch();
    void pullNextPage();
    void finish(bool ok, const QString &code, const QString &message);
    void setState(State state);
    QNetworkReply *send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body);

    store::Store *m_store;
    QNetworkAccessManager m_network;
    State m_state = State::Idle;
    QString m_errorString;
    std::function<qint64()> m_millisNow;
    int m_pushed = 0;
    int m_rejected = 0;
    int m_pulled = 0;
    int m_total = 0;
};

} // namespace doorstep::sync
