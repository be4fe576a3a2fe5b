#include "serverprocess.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QRegularExpression>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace doorstep::test {

namespace {

// Where a data folder notes the PostgreSQL database made for it.
QString databaseNote(const QString &dataDir)
{
    return QDir(dataDir).filePath(u".test-database-url"_s);
}

QString pgProgram(const QString &name)
{
    const QString bindir = qEnvironmentVariable("DOORSTEP_TEST_PG_BINDIR", u"/usr/lib/postgresql/15/bin"_s);
    return QDir(bindir).filePath(name);
}

// createdb/dropdb arguments that reach the cluster of `url` (socket folder, port, user).
QStringList connectionArguments(const QUrl &url)
{
    const QUrlQuery query(url);
    QStringList args;
    const QString host =
        query.hasQueryItem(u"host"_s) ? query.queryItemValue(u"host"_s, QUrl::FullyDecoded) : url.host();
    if (!host.isEmpty())
        args << u"-h"_s << host;
    const QString port = query.hasQueryItem(u"port"_s)
                             ? query.queryItemValue(u"port"_s)
                             : (url.port() > 0 ? QString::number(url.port()) : QString());
    if (!port.isEmpty())
        args << u"-p"_s << port;
    if (!url.userName().isEmpty())
        args << u"-U"_s << url.userName();
    return args;
}

// A new empty database in the cluster of DOORSTEP_TEST_DATABASE; its URL, or empty (with a
// warning) when it could not be made.
QString createFreshDatabase(const QString &baseUrl)
{
    QUrl url(baseUrl);
    const QString name = u"t_"_s + QUuid::createUuid().toString(QUuid::Id128);
    const CommandResult made = runCommand(pgProgram(u"createdb"_s), connectionArguments(url) << name);
    if (made.exitCode != 0) {
        qWarning("createdb failed: %s", made.err.constData());
        return {};
    }
    url.setPath(u"/"_s + name);
    return url.toString();
}

} // namespace

QString freshTestDatabaseUrl()
{
    const QString baseUrl = qEnvironmentVariable("DOORSTEP_TEST_DATABASE");
    return baseUrl.isEmpty() ? QString() : createFreshDatabase(baseUrl);
}

QStringList ServerProcess::databaseArguments() const
{
    return m_databaseUrl.isEmpty() ? QStringList{} : QStringList{u"--database"_s, m_databaseUrl};
}

CommandResult runCommand(const QString &program, const QStringList &args, const QByteArray &input,
                         int timeoutMillis)
{
    RunOptions options;
    options.input = input;
    options.timeoutMillis = timeoutMillis;
    return runCommand(program, args, options);
}

CommandResult runCommand(const QString &program, const QStringList &args, const RunOptions &options)
{
    QProcess process;
    process.setProcessEnvironment(options.environment);
    process.start(program, args);
    CommandResult result;
    if (!process.waitForStarted(options.timeoutMillis))
        return result;
    process.write(options.input);
    process.closeWriteChannel();
    bool finished = false;
    if (options.eventLoop) {
        if (options.running)
            options.running(&process);
        QEventLoop loop;
        QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(options.timeoutMillis, &loop, &QEventLoop::quit);
        if (process.state() != QProcess::NotRunning)
            loop.exec();
        finished = process.state() == QProcess::NotRunning;
        if (options.running)
            options.running(nullptr);
    } else {
        finished = process.waitForFinished(options.timeoutMillis);
    }
    if (!finished) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

ServerProcess::ServerProcess(const QString &dataDir)
    : m_dataDir(dataDir.isEmpty() ? m_ownDir.path() : dataDir)
{
    const QString baseUrl = qEnvironmentVariable("DOORSTEP_TEST_DATABASE");
    if (baseUrl.isEmpty())
        return;
    QDir().mkpath(m_dataDir);
    QFile note(databaseNote(m_dataDir));
    if (note.open(QIODevice::ReadOnly)) {
        m_databaseUrl = QString::fromUtf8(note.readAll()).trimmed();
        return;
    }
    m_databaseUrl = createFreshDatabase(baseUrl);
    m_ownsDatabase = !m_databaseUrl.isEmpty();
    if (m_ownsDatabase && note.open(QIODevice::WriteOnly))
        note.write(m_databaseUrl.toUtf8());
    if (m_databaseUrl.isEmpty())
        m_databaseUrl = baseUrl; // the server then says what is wrong with it
}

ServerProcess::~ServerProcess()
{
    stop();
    if (m_ownsDatabase) {
        const QUrl url(m_databaseUrl);
        runCommand(pgProgram(u"dropdb"_s), connectionArguments(url) << u"--force"_s << url.path().mid(1));
        QFile::remove(databaseNote(m_dataDir));
    }
}

bool ServerProcess::start(quint16 port, const QStringList &extra)
{
    m_process = std::make_unique<QProcess>();
    // The request log goes to the test's stderr: read by nobody, a full pipe would block the server.
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->setReadChannel(QProcess::StandardOutput);
    m_process->start(
        QStringLiteral(DOORSTEP_SERVER_BINARY),
        QStringList{u"serve"_s, u"--data-dir"_s, m_dataDir, u"--listen"_s, u"127.0.0.1:%1"_s.arg(port)} +
            databaseArguments() + extra);
    if (!m_process->waitForStarted(30'000)) {
        m_error = u"the server did not start"_s;
        return false;
    }
    // The first start makes a certificate with openssl: allow for it.
    while (!m_process->canReadLine()) {
        if (!m_process->waitForReadyRead(60'000)) {
            m_error = u"no listening line from the server"_s;
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

int ServerProcess::stop()
{
    if (!m_process)
        return -1;
    int status = -1;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (m_process->waitForFinished(30'000)) {
            if (m_process->exitStatus() == QProcess::NormalExit)
                status = m_process->exitCode();
        } else {
            m_process->kill();
            m_process->waitForFinished(10'000);
        }
    }
    m_process.reset();
    return status;
}

void ServerProcess::kill()
{
    if (!m_process)
        return;
    m_process->kill();
    m_process->waitForFinished(10'000);
    m_process.reset();
}

CommandResult ServerProcess::run(const QStringList &arguments)
{
    return runCommand(QStringLiteral(DOORSTEP_SERVER_BINARY), arguments);
}

CommandResult ServerProcess::admin(const QStringList &arguments) const
{
    return run(QStringList{u"admin"_s, u"--data-dir"_s, m_dataDir} + databaseArguments() + arguments);
}

} // namespace doorstep::test
