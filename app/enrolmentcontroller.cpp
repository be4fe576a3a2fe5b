#include "enrolmentcontroller.h"

#include "app/qmlsingleton.h"
#include "app/sessioncontroller.h"
#include "app/store/pinpolicy.h"
#include "app/storeworker.h"

#include <QRegularExpression>
#include <QSysInfo>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace doorstep::app {

EnrolmentController::EnrolmentController(StoreWorker *worker, SessionController *session, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_session(session)
{
    connect(m_worker, &StoreWorker::enrolFinished, this, &EnrolmentController::onEnrolFinished);
    connect(m_worker, &StoreWorker::firstSyncFinished, this, &EnrolmentController::onFirstSyncFinished);
    connect(m_worker, &StoreWorker::syncSnapshotChanged, this, &EnrolmentController::onSnapshot);
}

EnrolmentController *EnrolmentController::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void EnrolmentController::setInstance(EnrolmentController *instance)
{
    s_instance = instance;
}

void EnrolmentController::setServerAddress(const QString &text)
{
    if (text == m_serverAddress)
        return;
    m_serverAddress = text;
    m_serverError.clear();
    Q_EMIT fieldsChanged();
    Q_EMIT errorsChanged();
}

void EnrolmentController::setCode(const QString &text)
{
    if (text == m_code)
        return;
    m_code = text;
    m_codeError.clear();
    Q_EMIT fieldsChanged();
    Q_EMIT errorsChanged();
}

void EnrolmentController::setCertificateSha256(const QString &text)
{
    if (text == m_certificate)
        return;
    m_certificate = text;
    m_certificateError.clear();
    Q_EMIT fieldsChanged();
    Q_EMIT errorsChanged();
}

void EnrolmentController::setUsePassphrase(bool passphrase)
{
    if (passphrase == m_usePassphrase)
        return;
    m_usePassphrase = passphrase;
    m_pinError.clear();
    m_confirmPinError.clear();
    Q_EMIT fieldsChanged();
    Q_EMIT errorsChanged();
}

QString EnrolmentController::pinRulesText() const
{
    return m_usePassphrase
               ? tr("A passphrase of at least 8 characters, not all digits, that a stranger would not guess.")
               : tr("At least 6 digits, not one a stranger would try first, such as 111111, 123456 or "
                    "121212.");
}

QString EnrolmentController::normaliseFingerprint(const QString &text)
{
    QString hex = text.toLower();
    hex.remove(QRegularExpression(u"[\\s:]"_s));
    static const QRegularExpression sha256(u"^[0-9a-f]{64}$"_s);
    return sha256.match(hex).hasMatch() ? hex : QString();
}

void EnrolmentController::enrol(const QString &pin, const QString &confirmPin)
{
    if (m_stage != Form)
        return;
    clearErrors();
    const QUrl server = QUrl::fromUserInput(m_serverAddress.trimmed());
    if (m_serverAddress.trimmed().isEmpty()) {
        m_serverError = tr("Enter the server's address, for example https://doorstep.example.org.");
    } else if (!server.isValid() || server.host().isEmpty() ||
               (server.scheme() != u"https"_s && server.scheme() != u"http"_s)) {
        m_serverError = tr("This is not a server address. It looks like https://doorstep.example.org.");
    }
    if (m_code.trimmed().isEmpty())
        m_codeError = tr("Enter the enrolment code your administrator gave you.");
    const QString fingerprint = normaliseFingerprint(m_certificate);
    if (!m_certificate.trimmed().isEmpty() && fingerprint.isEmpty())
        m_certificateError = tr("A fingerprint is 64 letters and digits (0-9, a-f), as your administrator "
                                "gave it. Leave it empty to trust the certificate the server shows now.");
    if (pin.isEmpty()) {
        m_pinError = m_usePassphrase ? tr("Choose a passphrase.") : tr("Choose a PIN.");
    } else if (!m_usePassphrase && SessionController::isPassphrase(pin)) {
        m_pinError = tr("A PIN is digits only. To use words, choose a passphrase instead.");
    } else if (m_usePassphrase && !SessionController::isPassphrase(pin)) {
        m_pinError =
            tr("A passphrase needs a letter or a sign, not only digits. To use digits, choose a PIN.");
    } else if (const Result<void> strong = store::checkPinStrength(pin.toUtf8()); !strong) {
        m_pinError = strong.error().message;
    }
    if (m_pinError.isEmpty() && confirmPin != pin)
        m_confirmPinError = m_usePassphrase ? tr("This does not match. Type the passphrase again.")
                                            : tr("This does not match. Type the PIN again.");
    const bool problems = !m_serverError.isEmpty() || !m_codeError.isEmpty() ||
                          !m_certificateError.isEmpty() || !m_pinError.isEmpty() ||
                          !m_confirmPinError.isEmpty();
    Q_EMIT errorsChanged();
    if (problems)
        return;
    m_pendingPassphrase = m_usePassphrase;
    m_firstSyncMessage.clear();
    m_progressText = tr("Making the encrypted store and contacting the server…");
    m_progress = -1;
    Q_EMIT progressChanged();
    setStage(Enrolling);
    m_session->beginEnrolment();
    m_worker->requestEnrol(server, m_code.trimmed(), fingerprint, QSysInfo::machineHostName(), pin.toUtf8());
}

void EnrolmentController::onEnrolFinished(bool ok, const QString &, const QString &message,
                                          const QString &field)
{
    if (m_stage != Enrolling)
        return;
    if (!ok) {
        if (field == u"pin"_s)
            m_pinError = message;
        else if (field == u"code"_s)
            m_codeError = message;
        else if (field == u"certificate"_s)
            m_certificateError = message;
        else
            m_serverError = message;
        Q_EMIT errorsChanged();
        setStage(Form);
        m_session->cancelEnrolment();
        return;
    }
    m_session->setUsesPassphrase(m_pendingPassphrase);
    m_progressText = tr("Enrolled. Fetching your caseload…");
    Q_EMIT progressChanged();
    setStage(FirstSync);
}

void EnrolmentController::onSnapshot(const SyncSnapshot &snapshot)
{
    if (m_stage != FirstSync || snapshot.total <= 0)
        return;
    m_progressText = tr("Fetching your caseload: %1 of %2").arg(snapshot.done).arg(snapshot.total);
    m_progress = double(snapshot.done) / snapshot.total;
    Q_EMIT progressChanged();
}

void EnrolmentController::onFirstSyncFinished(bool ok, const QString &message)
{
    if (m_stage != FirstSync)
        return;
    m_firstSyncMessage =
        ok ? QString()
           : tr("The caseload could not all be fetched (%1). It will arrive at the next sync.").arg(message);
    m_progressText.clear();
    m_progress = -1;
    Q_EMIT progressChanged();
    // The form is done with: nothing of it is kept.
    m_code.clear();
    m_certificate.clear();
    Q_EMIT fieldsChanged();
    setStage(Form);
    Q_EMIT enrolled();
}

void EnrolmentController::setStage(Stage stage)
{
    if (stage == m_stage)
        return;
    m_stage = stage;
    Q_EMIT stageChanged();
}

void EnrolmentController::clearErrors()
{
    m_serverError.clear();
    m_codeError.clear();
    m_certificateError.clear();
    m_pinError.clear();
    m_confirmPinError.clear();
    m_errorString.clear();
}

} // namespace doorstep::app
