// A tablet whose clock is an hour out (either way) still syncs with the real server: its first
// signed request is refused as stale, the client learns the offset from the answer's HTTP `Date`
// header, signs again with the server's time and keeps the offset for the rest of the session
// (no further refusal). The records keep the device's own clock, and a remote clock an hour
// ahead does not drag the device's HLC.
//
// The device talks to the server through a loopback relay that passes answers through as they
// are and reads them: it counts the stale refusals and the answers without a `Date` header
// (none: the server sends one on every answer, RFC 9110 §6.6.1). Plain HTTP on loopback, so the
// relay can read the answers.
#include "tests/support/syncdevice.h"

#include "core/hlc.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;
using doorstep::test::ServerProcess;
using doorstep::test::SyncDevice;

namespace {

constexpr qint64 hourMillis = 3'600'000;

// Forwards loopback connections to the server and hands its answers back unchanged. Counts the
// answers that refused a request as stale, and those without a `Date` header.
class DateRelay : public QObject
{
public:
    explicit DateRelay(quint16 serverPort)
        : m_serverPort(serverPort)
    {
        connect(&m_listener, &QTcpServer::newConnection, this, &DateRelay::accept);
        m_listener.listen(QHostAddress::LocalHost, 0);
    }

    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_listener.serverPort())); }
    int staleRefusals() const { return m_staleRefusals; }
    int answersWithoutDate() const { return m_withoutDate; }

private:
    void accept()
    {
        while (QTcpSocket *client = m_listener.nextPendingConnection()) {
            auto *server = new QTcpSocket(client);
            auto pending = std::make_shared<QByteArray>();
            connect(client, &QTcpSocket::readyRead, server, [client, server] {
                if (server->state() == QAbstractSocket::ConnectedState)
                    server->write(client->readAll());
            });
            connect(server, &QTcpSocket::connected, client,
                    [client, server] { server->write(client->readAll()); });
            connect(server, &QTcpSocket::readyRead, client, [this, client, server, pending] {
                pending->append(server->readAll());
                relayAnswers(*pending, *client);
            });
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            connect(server, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
            server->connectToHost(QHostAddress::LocalHost, m_serverPort);
        }
    }

    // Writes every complete answer in `pending` to `client` and drops it from `pending`.
    void relayAnswers(QByteArray &pending, QTcpSocket &client)
    {
        for (;;) {
            const qsizetype headEnd = pending.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            const QByteArray head = pending.left(headEnd + 2);
            qsizetype length = 0;
            bool hasDate = false;
            for (const QByteArray &line : head.split('\n')) {
                const QByteArray lower = line.trimmed().toLower();
                if (lower.startsWith("content-length:"))
                    length = lower.mid(15).trimmed().toLongLong();
                hasDate = hasDate || lower.startsWith("date:");
            }
            const qsizetype total = headEnd + 4 + length;
            if (pending.size() < total)
                return;
            const QByteArray body = pending.mid(headEnd + 4, length);
            if (head.startsWith("HTTP/1.1 401") && body.contains("stale_timestamp"))
                ++m_staleRefusals;
            if (!hasDate)
                ++m_withoutDate;
            client.write(pending.left(total));
            pending.remove(0, total);
        }
    }

    QTcpServer m_listener;
    quint16 m_serverPort;
    int m_staleRefusals = 0;
    int m_withoutDate = 0;
};

// A device whose store and requests both run on a clock `skewMillis` from the real one.
struct SkewedDevice
{
    explicit SkewedDevice(qint64 skewMillis)
    {
        const auto clock = [skewMillis] {
            return QDateTime::currentDateTimeUtc().addMSecs(skewMillis);
        };
        auto created = store::Store::create(dir.filePath(u"profile"_s), QByteArrayLiteral("739154"), clock);
        if (created)
            store = std::move(created).value();
        if (!store)
            return;
        client = std::make_unique<sync::SyncClient>(store.get());
        client->setClock([skewMillis] { return QDateTime::currentMSecsSinceEpoch() + skewMillis; });
    }

    bool enrol(const QUrl &url, const QString &code)
    {
        QSignalSpy done(client.get(), &sync::SyncClient::enrolFinished);
        client->enrol(url, code, u"Test tablet"_s);
        return (!done.isEmpty() || done.wait(30'000)) && done.first().at(0).toBool();
    }

    test::SyncOutcome sync()
    {
        QSignalSpy done(client.get(), &sync::SyncClient::syncFinished);
        client->sync();
        test::SyncOutcome outcome;
        if (done.isEmpty() && !done.wait(30'000))
            return outcome;
        outcome.finished = true;
        outcome.ok = done.first().at(0).toBool();
        outcome.errorCode = done.first().at(1).toString();
        outcome.message = done.first().at(2).toString();
        outcome.pushed = done.first().at(3).toInt();
        outcome.pulled = done.first().at(5).toInt();
        return outcome;
    }

    QTemporaryDir dir;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<sync::SyncClient> client;
};

} // namespace

class TestSyncClockSkew : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aDeviceAnHourOutStillSyncs_data()
    {
        QTest::addColumn<qint64>("skew");
        QTest::newRow("an hour ahead") << hourMillis;
        QTest::newRow("an hour behind") << -hourMillis;
    }

    void aDeviceAnHourOutStillSyncs()
    {
        QFETCH(qint64, skew);
        ServerProcess server;
        const QString team = test::addTeam(server, u"Test Team"_s);
        const QString visitor = test::addUser(server, u"Test Visitor"_s, u"health_visitor"_s, team);
        QVERIFY2(server.start(0, {u"--plain-http"_s}), qPrintable(server.error()));
        DateRelay relay(server.port());

        SkewedDevice skewed(skew);
        QVERIFY(skewed.store);
        QVERIFY(skewed.enrol(relay.url(), test::enrolmentCode(server, visitor)));
        SyncDevice onTime;
        QVERIFY2(onTime.create(), qPrintable(onTime.error()));
        QVERIFY2(onTime.enrol(server, test::enrolmentCode(server, visitor)), qPrintable(onTime.error()));

        const QString familyId = skewed.store->saveFamily(test::testFamily(visitor, team)).value();
        QVERIFY(skewed.store->saveChild(test::testChild(familyId, u"Test Baby One"_s)).ok());

        // Refused once as stale, then sent again with the server's time, and everything lands.
        const auto first = skewed.sync();
        QVERIFY2(first.ok, qPrintable(first.errorCode + u": "_s + first.message));
        QCOMPARE(first.pushed, 2);
        QCOMPARE(relay.staleRefusals(), 1);
        const qint64 offset = skewed.client->clockOffsetMillis();
        QVERIFY2(qAbs(offset + skew) < 60'000, qPrintable(u"offset %1 ms"_s.arg(offset)));
        QCOMPARE(skewed.store->pendingCount(), 0);

        // The other device, on time, gets both and answers with a child of its own.
        const auto pulled = onTime.sync();
        QVERIFY2(pulled.ok, qPrintable(pulled.message));
        QCOMPARE(onTime.store().caseload().children.size(), 1);
        QVERIFY(onTime.store().saveChild(test::testChild(familyId, u"Test Baby Two"_s)).ok());
        QVERIFY(onTime.sync().ok);

        // The offset holds for the session: no second refusal.
        const auto second = skewed.sync();
        QVERIFY2(second.ok, qPrintable(second.errorCode + u": "_s + second.message));
        QCOMPARE(second.pulled, 1);
        QCOMPARE(relay.staleRefusals(), 1);
        QCOMPARE(skewed.store->caseload().children.size(), 2);

        // The device's records keep its own clock: an hour behind, the pulled clock an hour ahead
        // was not followed (more than 60 s ahead), and its next change is stamped by its own.
        QVERIFY(skewed.store->saveChild(test::testChild(familyId, u"Test Baby Three"_s)).ok());
        const QList<Change> pending = skewed.store->pendingChanges(10);
        QCOMPARE(pending.size(), 1);
        const auto stamp = HlcTimestamp::decode(pending.first().hlc);
        QVERIFY(stamp.ok());
        const qint64 deviceNow = QDateTime::currentMSecsSinceEpoch() + skew;
        QVERIFY2(qAbs(stamp.value().millis - deviceNow) < 60'000,
                 qPrintable(u"hlc %1 ms from the device's clock"_s.arg(stamp.value().millis - deviceNow)));
        const auto third = skewed.sync();
        QVERIFY2(third.ok, qPrintable(third.message));
        QCOMPARE(third.pushed, 1);
        QCOMPARE(relay.staleRefusals(), 1);
        QCOMPARE(relay.answersWithoutDate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSyncClockSkew)
#include "tst_syncclockskew.moc"
