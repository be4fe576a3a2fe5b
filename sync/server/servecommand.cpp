#include "commands.h"
#include "database.h"
#include "httpapi.h"
#include "tlsmaterial.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>
#include <QHttpServer>
#include <QSocketNotifier>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpSocket>
#include <QTextStream>

#include <csignal>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace doorstep::server {

namespace {

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &message)
{
    err() << "doorstep-server serve: " << message << Qt::endl;
    return 1;
}

// SIGTERM and SIGINT end the event loop through a socket pair, the one thing a signal handler
// may safely touch.
class QuitOnSignal
{
public:
    QuitOnSignal()
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_fds) != 0)
            return;
        m_notifier = std::make_unique<QSocketNotifier>(s_fds[1], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [this] {
            m_notifier->setEnabled(false);
            char byte = 0;
            [[maybe_unused]] const auto got = ::read(s_fds[1], &byte, 1);
            QCoreApplication::quit();
        });
        struct sigaction action = {};
        action.sa_handler = &QuitOnSignal::handle;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGTERM, &action, nullptr);
        ::sigaction(SIGINT, &action, nullptr);
    }
    ~QuitOnSignal()
    {
        ::signal(SIGTERM, SIG_DFL);
        ::signal(SIGINT, SIG_DFL);
        m_notifier.reset();
        ::close(s_fds[0]);
        ::close(s_fds[1]);
    }

private:
    static void handle(int)
    {
        const char byte = 1;
        [[maybe_unused]] const auto written = ::write(s_fds[0], &byte, 1);
    }

    static inline int s_fds[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> m_notifier;
};

// Acknowledges what a connection has received at once. Qt's HTTP client does not turn Nagle's
// algorithm off (QNetworkAccessManager has no option for it), so a request body it writes in
// several pieces (TLS records of up to 16 KiB: a push of 100 changes is six) waits after the
// first piece for the server's ACK, which Linux delays by up to 40 ms: most of a push's time on
// loopback. An immediate ACK after each piece read lets the next one go. Answers go out at once
// too (TCP_NODELAY).
template<typename Server> class PromptAckServer : public Server
{
public:
    using Server::Server;

    QTcpSocket *nextPendingConnection() override
    {
        QTcpSocket *socket = Server::nextPendingConnection();
        if (!socket)
            return socket;
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        QObject::connect(socket, &QIODevice::readyRead, socket, [socket] {
            const int on = 1;
            // Not sticky in Linux: set again after each read. Failure only costs the delay.
            ::setsockopt(int(socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
        });
        return socket;
    }
};

struct ListenAddress
{
    QHostAddress address;
    quint16 port = 0;
};

std::optional<ListenAddress> parseListen(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    QString host = text.left(colon);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return std::nullopt;
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    ListenAddress listen;
    listen.port = static_cast<quint16>(port);
    if (host == "localhost"_L1)
        listen.address = QHostAddress(QHostAddress::LocalHost);
    else if (!listen.address.setAddress(host))
        return std::nullopt;
    return listen;
}

QString urlHost(const QHostAddress &address)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return u"[%1]"_s.arg(address.toString());
    return address.toString();
}

} // namespace

int runServe(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Doorstep sync server."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"serve"_s, u"Run the HTTPS API."_s);
    parser.addOptions({
        {u"data-dir"_s, u"The server's data directory (database, TLS certificate)."_s, u"DIR"_s},
        {u"listen"_s, u"Address and port; port 0 picks a free one."_s, u"HOST:PORT"_s, u"127.0.0.1:8443"_s},
        {u"database"_s, u"postgresql://user@/dbname?host=/socket/dir instead of DIR/server.db."_s, u"URL"_s},
        {u"plain-http"_s, u"Serve plain HTTP (loopback addresses only)."_s},
    });
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (parser.positionalArguments() != QStringList{u"serve"_s})
        return fail(u"Usage: doorstep-server serve --data-dir DIR [--listen HOST:PORT] [--database URL] "
                    u"[--plain-http]"_s);
    if (!parser.isSet(u"data-dir"_s))
        return fail(u"--data-dir DIR is required."_s);
    const auto listen = parseListen(parser.value(u"listen"_s));
    if (!listen)
        return fail(u"--listen must be HOST:PORT, e.g. 127.0.0.1:8443."_s);
    const bool plain = parser.isSet(u"plain-http"_s);
    if (plain && !listen->address.isLoopback()) {
        return fail(u"--plain-http is allowed only on a loopback address (127.0.0.1 or ::1): requests "
                    u"carry case records."_s);
    }

    const QString dataDir = QDir(parser.value(u"data-dir"_s)).absolutePath();
    if (!QDir().mkpath(dataDir))
        return fail(u"Could not create the data directory %1."_s.arg(dataDir));
    auto database = Database::fromUrl(parser.value(u"database"_s), dataDir);
    if (!database)
        return fail(database.error().message);
    if (auto migrated = database.value().migrate(); !migrated) {
        Database::releaseThreadConnections();
        return fail(migrated.error().message);
    }
    Database::releaseThreadConnections(); // handlers use the pool's own connections

    std::optional<TlsMaterial> tls;
    if (!plain) {
        auto material = loadOrCreateTlsMaterial(dataDir);
        if (!material)
            return fail(material.error().message);
        tls = material.value();
    }

    QuitOnSignal quitOnSignal;
    HttpApi api(database.value());
    auto server = std::make_unique<QHttpServer>();
    api.install(*server);
    QTcpServer *socketServer = nullptr;
    if (tls) {
        auto *sslServer = new PromptAckServer<QSslServer>(server.get());
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(tls->certificate);
        configuration.setPrivateKey(tls->key);
        configuration.setProtocol(QSsl::SecureProtocols);
        sslServer->setSslConfiguration(configuration);
        socketServer = sslServer;
    } else {
        socketServer = new PromptAckServer<QTcpServer>(server.get());
    }
    if (!socketServer->listen(listen->address, listen->port))
        return fail(u"Could not listen on %1."_s.arg(parser.value(u"listen"_s)));
    server->bind(socketServer);
    const quint16 port = socketServer->serverPort();

    QTextStream stdoutStream(stdout);
    if (tls)
        stdoutStream << "listening https://" << urlHost(listen->address) << ':' << port
                     << " sha256=" << tls->sha256;
    else
        stdoutStream << "listening http://" << urlHost(listen->address) << ':' << port;
    stdoutStream << Qt::endl; // endl flushes: whoever started us waits for this line

    const int status = QCoreApplication::exec();
    server.reset(); // no new requests; answers still pending are dropped with their connections
    api.waitForIdle();
    return status;
}

} // namespace doorstep::server
