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
    SyncOutcome sync(int timeoutMillis = 30'000);
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

// Admin helpers on a (not necessarily running) server: ids as the admin commands print them.
QString addTeam(const ServerProcess &server, const QString &name);
QString addUser(const ServerProcess &server, const QString &name, const QString &role, const QString &teamId);
QString enrolmentCode(const ServerProcess &server, const QString &userId);

} // namespace doorstep::test
