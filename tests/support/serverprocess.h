// A real doorstep-server process on loopback for end-to-end tests: started in a data folder,
// its address and certificate fingerprint read from the line it prints once listening.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace doorstep::test {

struct CommandResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs a program to completion, feeding `input` on standard input.
CommandResult runCommand(const QString &program, const QStringList &args, const QByteArray &input = {},
                         int timeoutMillis = 60'000);

class ServerProcess
{
public:
    ServerProcess(QString binary, QString dataDir);
    ~ServerProcess();

    // Starts `serve` on 127.0.0.1:port (0 picks one) and waits for the "listening" line.
    bool start(quint16 port = 0, const QStringList &extraArgs = {});
    void stop(); // SIGTERM, then wait
    void kill(); // SIGKILL, as a crash would

    QString url() const { return m_url; }
    quint16 port() const { return m_port; }
    QString certificateSha256() const { return m_certificateSha256; }
    QByteArray output() const { return m_output; }

    CommandResult admin(const QStringList &args) const;

private:
    QString m_binary;
    QString m_dataDir;
    QProcess m_process;
    QString m_url;
    quint16 m_port = 0;
    QString m_certificateSha256;
    QByteArray m_output;
};

} // namespace doorstep::test
