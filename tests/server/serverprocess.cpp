#include "serverprocess.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

// DOORSTEP_TEST_DATABASE=postgresql://user@/dbname?host=/socket/dir runs the same tests against
// PostgreSQL; by default each server has its own SQLite file in its temporary directory.
QStringList databaseArguments()
{
    const QString url = qEnvironmentVariable("DOORSTEP_TEST_DATABASE");
    return url.isEmpty() ? QStringList{} : QStringList{u"--database"_s, url};
}

} // namespace

ServerProcess::ServerProcess() = default;

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::start(const QStringList &extra)
{
    m_process = std::make_unique<QProcess>();
    // The log goes to the test's stderr: read by nobody, a full pipe would block the server.
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->setReadChannel(QProcess::StandardOutput);
    m_process->start(QStringLiteral(DOORSTEP_SERVER_BINARY),
                     QStringList{u"serve"_s, u"--data-dir"_s, m_dir.path(), u"--listen"_s, u"127.0.0.1:0"_s} +
                         databaseArguments() + extra);
    if (!m_process->waitForStarted(30'000)) {
        m_error = u"the server did not start"_s;
        return false;
    }
    while (!m_process->canReadLine()) {
        if (!m_process->waitForReadyRead(60'000)) {
            m_error = u"no listening line; stderr: "_s + QString::fromUtf8(m_process->readAllStandardError());
            return false;
        }
    }
    m_line = QString::fromUtf8(m_process->readLine()).trimmed();
    static const QRegularExpression pattern(
        u"^listening (https?)://127\\.0\\.0\\.1:(\\d+)(?: sha256=([0-9a-f]{64}))?$"_s);
    const auto match = pattern.match(m_line);
    if (!match.hasMatch()) {
        m_error = u"unexpected line: "_s + m_line;
        return false;
    }
    m_baseUrl = QUrl(u"%1://127.0.0.1:%2"_s.arg(match.captured(1), match.captured(2)));
    m_sha256 = match.captured(3);
    return true;
}

void ServerProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(30'000))
            m_process->kill();
        m_process->waitForFinished(10'000);
    }
    m_process.reset();
}

AdminRun ServerProcess::run(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(DOORSTEP_SERVER_BINARY), arguments);
    AdminRun result;
    if (!process.waitForStarted(30'000) || !process.waitForFinished(120'000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

AdminRun ServerProcess::admin(const QStringList &arguments) const
{
    return run(QStringList{u"admin"_s, u"--data-dir"_s, m_dir.path()} + databaseArguments() + arguments);
}
