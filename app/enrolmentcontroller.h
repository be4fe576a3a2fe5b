// The first-run form: the server's address, the enrolment code an administrator gave, the
// server certificate's fingerprint to pin (optional), and a PIN or passphrase under the store's
// rules. enrol() checks the form, then the store worker makes the encrypted store, enrols it
// with the same sync client doorstep-cli uses, and runs the first sync, whose progress shows
// here; the session is unlocked when it ends. A QML singleton built by AppServices; GUI thread.
#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class SessionController;
class StoreWorker;
struct SyncSnapshot;

class EnrolmentController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString serverAddress READ serverAddress WRITE setServerAddress NOTIFY fieldsChanged)
    Q_PROPERTY(QString code READ code WRITE setCode NOTIFY fieldsChanged)
    Q_PROPERTY(
        QString certificateSha256 READ certificateSha256 WRITE setCertificateSha256 NOTIFY fieldsChanged)
    Q_PROPERTY(bool usePassphrase READ usePassphrase WRITE setUsePassphrase NOTIFY fieldsChanged)
    Q_PROPERTY(QString pinRulesText READ pinRulesText NOTIFY fieldsChanged)
    Q_PROPERTY(QString serverError READ serverError NOTIFY errorsChanged)
    Q_PROPERTY(QString codeError READ codeError NOTIFY errorsChanged)
    Q_PROPERTY(QString certificateError READ certificateError NOTIFY errorsChanged)
    Q_PROPERTY(QString pinError READ pinError NOTIFY errorsChanged)
    Q_PROPERTY(QString confirmPinError READ confirmPinError NOTIFY errorsChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorsChanged)
    Q_PROPERTY(Stage stage READ stage NOTIFY stageChanged)
    // The first sync: "Fetching your caseload: 40 of 120". progress: 0..1, or -1 when unknown.
    Q_PROPERTY(QString progressText READ progressText NOTIFY progressChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    // After the first sync: a note when it did not finish (the caseload arrives at the next).
    Q_PROPERTY(QString firstSyncMessage READ firstSyncMessage NOTIFY progressChanged)
public:
    // Form: being filled in. Enrolling: the store is being made and bound to the server.
    // FirstSync: enrolled; the caseload is being fetched.
    enum Stage { Form, Enrolling, FirstSync };
    Q_ENUM(Stage)

    EnrolmentController(StoreWorker *worker, SessionController *session, QObject *parent = nullptr);

    static EnrolmentController *create(QQmlEngine *, QJSEngine *);
    static void setInstance(EnrolmentController *instance);

    QString serverAddress() const { return m_serverAddress; }
    void setServerAddress(const QString &text);
    QString code() const { return m_code; }
    void setCode(const QString &text);
    QString certificateSha256() const { return m_certificate; }
    void setCertificateSha256(const QString &text);
    bool usePassphrase() const { return m_usePassphrase; }
    void setUsePassphrase(bool passphrase);
    QString pinRulesText() const;

    QString serverError() const { return m_serverError; }
    QString codeError() const { return m_codeError; }
    QString certificateError() const { return m_certificateError; }
    QString pinError() const { return m_pinError; }
    QString confirmPinError() const { return m_confirmPinError; }
    QString errorString() const { return m_errorString; }
    Stage stage() const { return m_stage; }
    QString progressText() const { return m_progressText; }
    double progress() const { return m_progress; }
    QString firstSyncMessage() const { return m_firstSyncMessage; }

    // The fingerprint as 64 lower-case hex digits (colons and spaces dropped); empty when the
    // text is not one.
    static QString normaliseFingerprint(const QString &text);

    // Checks the form and, when it is complete, starts enrolment. The PIN is passed, not kept.
    Q_INVOKABLE void enrol(const QString &pin, const QString &confirmPin);

Q_SIGNALS:
    void fieldsChanged();
    void errorsChanged();
    void stageChanged();
    void progressChanged();
    void enrolled();

private:
    void onEnrolFinished(bool ok, const QString &errorCode, const QString &message, const QString &field);
    void onFirstSyncFinished(bool ok, const QString &message);
    void onSnapshot(const SyncSnapshot &snapshot);
    void setStage(Stage stage);
    void clearErrors();

    StoreWorker *m_worker;
    SessionController *m_session;
    QString m_serverAddress;
    QString m_code;
    QString m_certificate;
    bool m_usePassphrase = false;
    bool m_pendingPassphrase = false;
    QString m_serverError;
    QString m_codeError;
    QString m_certificateError;
    QString m_pinError;
    QString m_confirmPinError;
    QString m_errorString;
    Stage m_stage = Form;
    QString m_progressText;
    double m_progress = -1;
    QString m_firstSyncMessage;
    static inline EnrolmentController *s_instance = nullptr;
};

} // namespace doorstep::app
