// Test helper: one device in-process (its own encrypted Store in a temporary profile folder and
// a SyncClient) talking to the real doorstep-server, for end-to-end sync tests. sync() runs one
// sync and waits for its end by signal.
//
// Thread: the test's main thread (the Store's and the client's). Ownership: owns both.
#pragma once

#include "app/store/store.h"
#include "sync/client/syncclient.h"
#include "tests/support/serverprocess.h"

#include <QTemporaryDir>

#include <memory>

namespace doorstep::test {

struct SyncOutcome
{
    bool finished = false; // false: no syncFinished within the wait
    bool ok = false;
    QString errorCode;
    QString message;
    int pushed = 0;
    int rejected = 0;
    int pulled = 0;
};

class SyncDevice
{
public:
    SyncDevice();
    ~SyncDevice();

    // Makes the store (a synthetic PIN); false with error() on failure.
    bool create();
    // Enrols with a code from `server` (pinning its certificate); false with error().
    bool enrol(const ServerProcess &server, const QString &code);
    // The same at an address of choice (a proxy in front of the server).
    bool enrol(const QUrl &server, const QString &certificateSha256, const QString &code);
    SyncOutcome sync(int timeoutMillis = 30'000);
    // A new SyncClient over the same store, as after the app restarts: no connection is reused.
    void restartClient();
    // Closes the store (and the client), as when the app is stopped: its files can be copied.
    void close();
    // Opens the store again with the same PIN, with a new client; false with error().
    bool reopen();
    // The folder of the store's files (database, wrapped key): what a device backup holds.
    QString storeDir() const { return m_dir.filePath(QStringLiteral("profile")); }
    // What the app does when told the device is revoked: drops the client, then crypto-shreds
    // the store (Store::wipe; refused while changes are unsent unless `force`).
    Result<int> shred(bool force);

    store::Store &store() { return *m_store; }
    std::unique_ptr<store::Store> &storePointer() { return m_store; }
    sync::SyncClient &client() { return *m_client; }
    QString userId() const;
    QString teamId() const;
    QString profileDir() const { return m_dir.path(); }
    QString error() const { return m_error; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<sync::SyncClient> m_client;
    QString m_error;
};

// Where most end-to-end sync tests start: a running server with one team and one health visitor,
// and two devices of that visitor, both enrolled. Ownership: owns the server and the devices.
struct TwoDevices
{
    ServerProcess server;
    QString team;
    QString visitor; // the user id
    SyncDevice first;
    SyncDevice second;
    QString error; // why start() failed

    bool start();
    // A family of the visitor's (testFamily) saved on the first device; its id, empty on failure.
    QString addFamily();
};

// Synthetic records as these tests make them: a family of `practitionerId` in `teamId`, and a
// child of `familyId` born on 1 November 2026.
Family testFamily(const QString &practitionerId, const QString &teamId);
Child testChild(const QString &familyId, const QString &name);

// Admin helpers on a (not necessarily running) server: ids as the admin commands print them.
QString addTeam(const ServerProcess &server, const QString &name);
QString addUser(const ServerProcess &server, const QString &name, const QString &role, const QString &teamId);
QString enrolmentCode(const ServerProcess &server, const QString &userId);

} // namespace doorstep::test
