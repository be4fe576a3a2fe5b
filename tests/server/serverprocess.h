// Test helper: the real doorstep-server in a temporary data directory. start() runs `serve`
// and waits for its "listening" line; admin() runs an admin command against the same data.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

struct AdminRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess();

    // Starts `serve --listen 127.0.0.1:0` plus `extra`; false (with `error()`) when it does not
    // print its listening line.
    bool start(const QStringList &extra = {});
    void stop();
    AdminRun admin(const QStringList &arguments) const;
    // Runs the binary with exactly these arguments (for refusals of bad command lines).
    static AdminRun run(const QStringList &arguments);

    QString dataDir() const { return m_dir.path(); }
    QUrl baseUrl() const { return m_baseUrl; }
    QString certificateSha256() const { return m_sha256; }
    QString listeningLine() const { return m_line; }
    QString error() const { return m_error; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_baseUrl;
    QString m_sha256;
    QString m_line;
    QString m_error;
};
