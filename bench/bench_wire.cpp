// Loopback transfer benchmark: prints figures, asserts nothing. Run: build-bench/bench/bench_wire
// The raw cost of moving sync bodies over loopback, the ceiling for push and pull: a real push
// body of 500 visit changes (the client's batch, the same JSON bench_sync pushes; a pull page of
// 500 is the same size within 1 %) sent again and again over one connection, each answered
// before the next goes, as sync does, to a receiver on its own thread, over plain TCP
// (QTcpServer/QTcpSocket) and over TLS (QSslServer/QSslSocket with the server's own kind of
// self-signed certificate, made by sync/server's tlsmaterial). "Up": the body goes to the
// receiver, a 100-byte answer comes back (a push). "Down": a 100-byte request goes, the body
// comes back (a pull page). No HTTP, no signing, no JSON work, no database: the wire alone.
#include "core/recordcodec.h"
#include "sync/protocol/messages.h"
#include "sync/server/tlsmaterial.h"
#include "tests/support/apiclient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QtEndian>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace doorstep;
using namespace Qt::StringLiterals;

namespace {

constexpr int changesPerBody = 500;
constexpr qint64 answerBytes = 100;
constexpr int batchesPerRound = 200; // 100k changes a round
constexpr int rounds = 3;

// A push body of `count` visit changes, as the client sends it.
QByteArray pushBody(int count)
{
    test::TestDevice device = test::newTestDevice(u"user-wire"_s);
    QList<Change> changes;
    for (int i = 0; i < count; ++i) {
        Visit visit;
        visit.id = test::newTestId();
        visit.familyId = test::newTestId();
        visit.practitionerId = device.userId;
        visit.practitionerRole = Role::HealthVisitor;
        visit.occurredAt = QDateTime::currentDateTimeUtc().addDays(-1);
        visit.contactType = ContactType::FaceToFaceHome;
        visit.outcome = Outcome::Completed;
        visit.children = {VisitChild{test::newTestId(), true, false}};
        visit.present = u"Mother and baby"_s;
        visit.observations = u"Synthetic observation text of ordinary length for a visit."_s;
        visit.signedOffAt = visit.occurredAt;
        changes.append(test::makeChange(device, Entity::Visit, visit.id, visit.familyId, toJson(visit)));
    }
    return QJsonDocument(protocol::PushRequest{changes, {}}.toJson()).toJson(QJsonDocument::Compact);
}

// Each request: 8 bytes of body length, 8 bytes of answer length (both big-endian), the body; the
// answer is that many bytes (of `payload`, repeated).
class Receiver : public QObject
{
public:
    Receiver(QByteArray payload, std::optional<server::TlsMaterial> tls)
        : m_payload(std::move(payload))
    {
        if (tls) {
            auto *ssl = new QSslServer(this);
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            config.setLocalCertificate(tls->certificate);
            config.setPrivateKey(tls->key);
            ssl->setSslConfiguration(config);
            m_server = ssl;
        } else {
            m_server = new QTcpServer(this);
        }
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            QTcpSocket *socket = m_server->nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        });
        m_server->listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server->serverPort(); }

private:
    void read(QTcpSocket *socket)
    {
        for (;;) {
            if (m_need < 0) {
                if (socket->bytesAvailable() < 16)
                    return;
                char header[16];
                socket->read(header, 16);
                m_need = qFromBigEndian<qint64>(header);
                m_answer = qFromBigEndian<qint64>(header + 8);
            }
            const qint64 got = socket->skip(std::min(m_need, socket->bytesAvailable()));
            m_need -= std::max<qint64>(got, 0);
            if (m_need > 0)
                return;
            m_need = -1;
            for (qint64 left = m_answer; left > 0;) {
                const qint64 n = std::min<qint64>(left, m_payload.size());
                socket->write(m_payload.constData(), n);
                left -= n;
            }
        }
    }

    QByteArray m_payload;
    QTcpServer *m_server = nullptr;
    qint64 m_need = -1;
    qint64 m_answer = 0;
};

// One request and its answer, blocking; false when the connection failed.
bool exchange(QTcpSocket &socket, const QByteArray &body, qint64 answer)
{
    char header[16];
    qToBigEndian<qint64>(body.size(), header);
    qToBigEndian<qint64>(answer, header + 8);
    socket.write(header, 16);
    socket.write(body);
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(30'000))
            return false;
    }
    qint64 left = answer;
    while (left > 0) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(30'000))
            return false;
        left -= std::max<qint64>(socket.skip(std::min(left, socket.bytesAvailable())), 0);
    }
    return true;
}

struct Rate
{
    double megabytesPerSecond = -1;
    double changesPerSecond = -1;
};

// Median of `rounds` rounds of `batchesPerRound` exchanges, each moving `body` up or down.
Rate measure(QTcpSocket &socket, const QByteArray &body, bool up)
{
    const QByteArray small(int(answerBytes), 'x');
    for (int i = 0; i < 5; ++i) { // warm-up: TLS session, socket buffers
        if (!(up ? exchange(socket, body, answerBytes) : exchange(socket, small, body.size())))
            return {};
    }
    QList<double> seconds;
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < batchesPerRound; ++i) {
            if (!(up ? exchange(socket, body, answerBytes) : exchange(socket, small, body.size())))
                return {};
        }
        seconds.append(double(timer.nsecsElapsed()) / 1e9);
    }
    std::sort(seconds.begin(), seconds.end());
    const double s = seconds.at(seconds.size() / 2);
    return Rate{double(body.size()) * batchesPerRound / s / 1e6,
                double(changesPerBody) * batchesPerRound / s};
}

struct Link
{
    Rate up;
    Rate down;
    QString detail;
};

std::optional<Link> run(const QByteArray &body, std::optional<server::TlsMaterial> tls)
{
    QThread thread;
    QObject context; // lives on `thread`: what runs there is queued to it
    context.moveToThread(&thread);
    thread.start();
    Receiver *receiver = nullptr;
    QMetaObject::invokeMethod(
        &context, [&] { receiver = new Receiver(body, tls); }, Qt::BlockingQueuedConnection);
    const auto finish = [&] {
        QMetaObject::invokeMethod(
            receiver, [receiver] { delete receiver; }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    };
    std::unique_ptr<QTcpSocket> socket;
    Link link;
    if (tls) {
        auto ssl = std::make_unique<QSslSocket>();
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates({tls->certificate});
        ssl->setSslConfiguration(config);
        ssl->connectToHostEncrypted(u"127.0.0.1"_s, receiver->port());
        if (!ssl->waitForEncrypted(30'000)) {
            std::fprintf(stderr, "TLS: %s\n", qPrintable(ssl->errorString()));
            finish();
            return std::nullopt;
        }
        link.detail = u"%1, %2"_s.arg(ssl->sessionCipher().protocolString(), ssl->sessionCipher().name());
        socket = std::move(ssl);
    } else {
        socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, receiver->port());
        if (!socket->waitForConnected(30'000)) {
            finish();
            return std::nullopt;
        }
        link.detail = u"plain TCP"_s;
    }
    link.up = measure(*socket, body, true);
    link.down = measure(*socket, body, false);
    socket->disconnectFromHost();
    socket.reset();
    finish();
    if (link.up.megabytesPerSecond < 0 || link.down.megabytesPerSecond < 0)
        return std::nullopt;
    return link;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QByteArray body = pushBody(changesPerBody);
    QTemporaryDir dir;
    auto tls = server::loadOrCreateTlsMaterial(dir.path());
    if (!tls) {
        std::fprintf(stderr, "certificate: %s\n", qPrintable(tls.error().message));
        return 1;
    }
    std::printf(
        "Loopback transfer of sync bodies: %d changes a body, %lld bytes (%.0f bytes a change), each\n"
        "answered before the next; %d bodies a round, median of %d rounds; receiver on its own thread\n",
        changesPerBody, qlonglong(body.size()), double(body.size()) / changesPerBody, batchesPerRound,
        rounds);
    std::printf("%-10s %-6s %12s %14s  %s\n", "link", "way", "MB/s", "changes/s", "");
    const auto plain = run(body, std::nullopt);
    const auto secure = run(body, tls.value());
    if (!plain || !secure) {
        std::fprintf(stderr, "a transfer failed\n");
        return 1;
    }
    const auto print = [](const char *name, const char *way, const Rate &rate, const QString &detail) {
        std::printf("%-10s %-6s %12.1f %14.0f  %s\n", name, way, rate.megabytesPerSecond,
                    rate.changesPerSecond, qPrintable(detail));
    };
    print("TCP", "up", plain->up, plain->detail);
    print("TCP", "down", plain->down, {});
    print("TLS", "up", secure->up, secure->detail);
    print("TLS", "down", secure->down, {});
    std::printf("RESULT wire_bytes_per_change %.0f\n", double(body.size()) / changesPerBody);
    std::printf("RESULT wire_tcp_up_mbs %.1f\nRESULT wire_tcp_up_changes %.0f\n",
                plain->up.megabytesPerSecond, plain->up.changesPerSecond);
    std::printf("RESULT wire_tcp_down_mbs %.1f\nRESULT wire_tcp_down_changes %.0f\n",
                plain->down.megabytesPerSecond, plain->down.changesPerSecond);
    std::printf("RESULT wire_tls_up_mbs %.1f\nRESULT wire_tls_up_changes %.0f\n",
                secure->up.megabytesPerSecond, secure->up.changesPerSecond);
    std::printf("RESULT wire_tls_down_mbs %.1f\nRESULT wire_tls_down_changes %.0f\n",
                secure->down.megabytesPerSecond, secure->down.changesPerSecond);
    return 0;
}
