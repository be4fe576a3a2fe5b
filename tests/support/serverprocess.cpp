#include "serverprocess.h"

#include <QRegularExpression>
#include <QUrl>

namespace doorstep::test {

CommandResult runCommand(const QString &program, const QStringList &args, const QByteArray &input,
                         int timeoutMillis)
{
    QProcess process;
    process.start(program, args);
    CommandResult result;
    if (!process.waitForStarted(timeoutMillis))
        return result;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMillis)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

ServerProcess::ServerProcess(QString binary, QString dataDir)
    : m_binary(std::move(binary))
    , m_dataDir(std::move(dataDir))
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
}

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::start(quint16 port, const QStringList &extraArgs)
{
    m_output.clear();
    m_process.start(m_binary, QStringList{QStringLiteral("serve"), QStringLiteral("--data-dir"), m_dataDir,
                                          QStringLiteral("--listen"),
                                          QStringLiteral("127.0.0.1:%1").arg(port)}
                                  + extraArgs);
    if (!m_process.waitForStarted(10'000))
        return false;
    static const QRegularExpression listening(
        QStringLiteral(R"(^listening (https?://[^ ]+)(?: sha256=([0-9a-f]{64}))?\s*$)"));
    // Making the certificate on first start runs openssl: allow for it.
    while (m_process.state() == QProcess::Running && m_process.waitForReadyRead(30'000)) {
        while (m_process.canReadLine()) {
            const QString line = QString::fromUtf8(m_process.readLine());
            m_output += line.toUtf8();
            const auto match = listening.match(line);
            if (match.hasMatch()) {
                m_url = match.captured(1);
                m_port = static_cast<quint16>(QUrl(m_url).port());
                m_certificateSha256 = match.captured(2);
                return true;
            }
        }
    }
    m_output += m_process.readAllStandardError();
    return false;
}

void ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10'000)) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

void ServerProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished();
}

CommandResult ServerProcess::admin(const QStringList &args) const
{
    return runCommand(m_binary, QStringList{QStringLiteral("admin"), QStringLiteral("--data-dir"), m_dataDir} + args);
}

} // namespace doorstep::test
