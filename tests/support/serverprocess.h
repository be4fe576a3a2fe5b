// Test helper: the real doorstep-server as a process on loopback. start() runs `serve` and waits
// for its "listening" line (address and certificate fingerprint); admin() runs an admin command
// against the same data. With DOORSTEP_TEST_DATABASE=postgresql://… set (scripts/with-postgres
// does), each data folder gets its own fresh database in that cluster instead of its SQLite file,
// so the same tests run on PostgreSQL with a clean database each; ServerProcesses given the same
// data folder share its database (several server processes against one PostgreSQL).
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <functional>
#include <memory>

namespace doorstep::test {

struct CommandResult
{
    int exitCode = -1; // -1: did not start, crashed or timed out
    QByteArray out;
    QByteArray err;
};

// How runCommand runs a program.
struct RunOptions
{
    QByteArray input; // fed on standard input, which is then closed
    int timeoutMillis = 120'000;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Wait with this thread's event loop running, for what lives on it (a proxy the program
    // talks through), rather than blocking it.
    bool eventLoop = false;
    // Told the process once it runs and nullptr when it has ended (a test may kill it meanwhile).
    std::function<void(QProcess *)> running;
};

// Runs a program to completion (killed after the timeout), feeding `input` on standard input.
CommandResult runCommand(const QString &program, const QStringList &args, const QByteArray &input = {},
                         int timeoutMillis = 120'000);
CommandResult runCommand(const QString &program, const QStringList &args, const RunOptions &options);

// With DOORSTEP_TEST_DATABASE set: a new empty database in that PostgreSQL cluster, as a URL for
// --database or server::Database::fromUrl (left for the cluster's removal to clean up). Without
// it, or when createdb fails (a warning says why): empty, which means SQLite.
QString freshTestDatabaseUrl();

class ServerProcess
{
public:
    // A server with its own temporary data folder, or with `dataDir` when given.
    explicit ServerProcess(const QString &dataDir = {});
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;
    ~ServerProcess();

    // Starts `serve --listen 127.0.0.1:<port>` (0 picks a free port) plus `extra`; false (with
    // error()) when it does not print its listening line.
    bool start(quint16 port = 0, const QStringList &extra = {});
    // SIGTERM, then waits: the exit code (0 for a clean shutdown), -1 when it crashed or hung.
    int stop();
    // SIGKILL, as a crash or power cut would.
    void kill();

    CommandResult admin(const QStringList &arguments) const;
    // Runs the server binary with exactly these arguments (for refusals of bad command lines).
    static CommandResult run(const QStringList &arguments);

    QString dataDir() const { return m_dataDir; }
    QUrl baseUrl() const { return m_baseUrl; }
    QString url() const { return m_baseUrl.toString(); }
    quint16 port() const { return static_cast<quint16>(m_baseUrl.port()); }
    QString certificateSha256() const { return m_sha256; }
    QString listeningLine() const { return m_line; }
    QString error() const { return m_error; }
    // The PostgreSQL URL this server uses, empty on SQLite.
    QString databaseUrl() const { return m_databaseUrl; }

private:
    QStringList databaseArguments() const;

    QTemporaryDir m_ownDir;
    QString m_dataDir;
    QString m_databaseUrl;
    bool m_ownsDatabase = false; // made by this instance: dropped when it goes
    std::unique_ptr<QProcess> m_process;
    QUrl m_baseUrl;
    QString m_sha256;
    QString m_line;
    QString m_error;
};

} // namespace doorstep::test
