// The settings page: the lock timeout (kept by IdleLock), changing the PIN, and signing out with a
// wipe of the device's store. PINs and the wipe go to the store worker, which does the key work
// off the GUI thread; answers come back as the per-field errors and stages below. A QML
// singleton built by AppServices; GUI thread. Owns its option model; IdleLock is AppServices'.
#pragma once

#include "app/optionmodel.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class IdleLock;
class SessionController;
class StoreWorker;

class SettingsController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)

    Q_PROPERTY(doorstep::app::OptionModel *lockTimeouts READ lockTimeouts CONSTANT)
    // Minutes, as the token of one of lockTimeouts ("5").
    Q_PROPERTY(QString lockTimeout READ lockTimeout WRITE setLockTimeout NOTIFY lockTimeoutChanged)

    // The store's rules for a new PIN, in words.
    Q_PROPERTY(QString pinRulesText READ pinRulesText CONSTANT)
    Q_PROPERTY(bool changingPin READ isChangingPin NOTIFY pinChanged)
    Q_PROPERTY(QString oldPinError READ oldPinError NOTIFY pinChanged)
    Q_PROPERTY(QString newPinError READ newPinError NOTIFY pinChanged)
    Q_PROPERTY(QString confirmPinError READ confirmPinError NOTIFY pinChanged)
    Q_PROPERTY(QString pinStatusMessage READ pinStatusMessage NOTIFY pinChanged)

    Q_PROPERTY(WipeStage wipeStage READ wipeStage NOTIFY wipeChanged)
    // Changes not yet on the server, as last counted; -1 before the count arrives.
    Q_PROPERTY(int unsyncedCount READ unsyncedCount NOTIFY wipeChanged)
    // What a wipe now would destroy, in words, for the confirmation.
    Q_PROPERTY(QString wipeWarningText READ wipeWarningText NOTIFY wipeChanged)
    Q_PROPERTY(QString wipeErrorString READ wipeErrorString NOTIFY wipeChanged)
public:
    // Idle: nothing asked. Counting: the worker counts unsynced changes. Confirm: asks once.
    // ConfirmForce: changes would be lost; asks a second time. Wiping: the worker is at it.
    enum WipeStage { WipeIdle, WipeCounting, WipeConfirm, WipeConfirmForce, Wiping };
    Q_ENUM(WipeStage)

    SettingsController(StoreWorker *worker, SessionController *session, IdleLock *idleLock,
                       QObject *parent = nullptr);

    static SettingsController *create(QQmlEngine *, QJSEngine *);
    static void setInstance(SettingsController *instance);

    bool isActive() const { return m_active; }
    OptionModel *lockTimeouts() const { return m_lockTimeouts; }
    QString lockTimeout() const;
    void setLockTimeout(const QString &token);

    static QString pinRulesText();
    bool isChangingPin() const { return m_changingPin; }
    QString oldPinError() const { return m_oldPinError; }
    QString newPinError() const { return m_newPinError; }
    QString confirmPinError() const { return m_confirmPinError; }
    QString pinStatusMessage() const { return m_pinStatusMessage; }

    WipeStage wipeStage() const { return m_wipeStage; }
    int unsyncedCount() const { return m_unsyncedCount; }
    QString wipeWarningText() const;
    QString wipeErrorString() const { return m_wipeErrorString; }

    Q_INVOKABLE void open();
    // Closes the page and forgets anything half done on it.
    Q_INVOKABLE void close();

    // Checks the new PIN against the store's rules and the confirmation, then asks the worker to
    // re-wrap the key; reports by pinChangeSucceeded() or the error properties.
    Q_INVOKABLE void changePin(const QString &oldPin, const QString &newPin, const QString &confirmPin);
    // Forgets the PIN form's messages (a field was edited).
    Q_INVOKABLE void clearPinErrors();

    // Sign out and wipe: beginWipe() counts what would be lost and asks to confirm; each
    // confirmWipe() moves one stage on (with unsynced changes, a second confirmation forces the
    // wipe); cancelWipe() stops at any stage before the worker starts.
    Q_INVOKABLE void beginWipe();
    Q_INVOKABLE void confirmWipe();
    Q_INVOKABLE void cancelWipe();

Q_SIGNALS:
    void activeChanged();
    void lockTimeoutChanged();
    void pinChanged();
    void pinChangeSucceeded();
    void wipeChanged();
    // The store is gone; the session is signed out.
    void wiped(int lostChanges);

private:
    void onPinChangeFinished(bool ok, const QString &errorCode, const QString &message);
    void onUnsyncedCounted(int count);
    void onWipeFinished(bool ok, const QString &errorCode, const QString &message, int unsynced);
    void setWipeStage(WipeStage stage);
    void resetPin();
    void resetWipe();

    StoreWorker *m_worker;
    SessionController *m_session;
    IdleLock *m_idleLock;
    OptionModel *m_lockTimeouts;
    bool m_active = false;
    bool m_changingPin = false;
    bool m_newPinIsPassphrase = false;
    QString m_oldPinError;
    QString m_newPinError;
    QString m_confirmPinError;
    QString m_pinStatusMessage;
    WipeStage m_wipeStage = WipeIdle;
    int m_unsyncedCount = -1;
    QString m_wipeErrorString;
    static inline SettingsController *s_instance = nullptr;
};

} // namespace doorstep::app
