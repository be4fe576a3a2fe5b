#include "faultproxy.h"

#include <QTimer>

#include <utility>

namespace doorstep::test {

namespace {

// Bounds that keep every fault short: the test must finish in bounded time.
constexpr int maxDelayMillis = 400;
constexpr int maxHoldMillis = 800;
constexpr qint64 maxRequestCut = 3000;  // a TLS handshake, then the request's first records
constexpr qint64 maxResponseCut = 6000; // the handshake's answer, then part of the body

} // namespace

struct FaultProxy::Link
{
    QTcpSocket *client = nullptr;
    QTcpSocket *upstream = nullptr;
    Fault fault = Fault::None;
    qint64 cutAt = 0;
    qint64 up = 0;
    qint64 down = 0;
    bool upstreamReady = false;
    bool holding = false;
    bool closed = false;
    QByteArray pendingUp; // what the client sent before the server connection was up
    QByteArray held;      // the answer a Reorder link keeps back
    QByteArray recorded;  // what the client sent, for Duplicate
    quint16 target = 0;
};

FaultProxy::FaultProxy(quint16 targetPort, quint32 seed, QObject *parent)
    : QObject(parent)
    , m_targets{targetPort}
    , m_random(seed)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::accept);
}

FaultProxy::~FaultProxy()
{
    m_server.close();
    const QList<Link *> links = m_links;
    for (Link *link : links)
        close(link);
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_replays)) {
        if (socket)
            socket->abort();
    }
}

bool FaultProxy::listen(quint16 port)
{
    return m_server.listen(QHostAddress::LocalHost, port);
}

quint16 FaultProxy::drawTarget()
{
    if (m_targets.size() == 1)
        return m_targets.first();
    return m_targets.at(std::uniform_int_distribution<qsizetype>(0, m_targets.size() - 1)(m_random));
}

FaultProxy::Fault FaultProxy::drawFault()
{
    if (!m_queued.isEmpty())
        return m_queued.takeFirst();
    std::uniform_real_distribution<double> chance(0.0, 1.0);
    if (m_faultRate <= 0.0 || chance(m_random) >= m_faultRate)
        return Fault::None;
    std::uniform_int_distribution<int> kind(int(Fault::DropMidRequest), int(Fault::KillServer));
    Fault fault = Fault(kind(m_random));
    if (fault == Fault::KillServer && !m_killHook)
        fault = Fault::DropMidRequest;
    return fault;
}

void FaultProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        ++m_connections;
        auto *link = new Link;
        link->client = client;
        link->fault = drawFault();
        m_counts[int(link->fault)] += 1;
        const qint64 maxCut = link->fault == Fault::DropMidResponse || link->fault == Fault::Truncate
                                  ? maxResponseCut
                                  : maxRequestCut;
        link->cutAt = std::uniform_int_distribution<qint64>(1, maxCut)(m_random);
        link->holding = link->fault == Fault::Reorder;
        link->target = drawTarget();
        link->upstream = new QTcpSocket(this);
        m_links.append(link);

        connect(client, &QTcpSocket::readyRead, this, [this, link] { forwardUp(link); });
        connect(client, &QTcpSocket::disconnected, this, [this, link] {
            if (link->fault == Fault::Duplicate && !link->recorded.isEmpty())
                replay(link->recorded, link->target);
            close(link);
        });
        connect(link->upstream, &QTcpSocket::connected, this, [link] {
            link->upstreamReady = true;
            if (!link->pendingUp.isEmpty())
                link->upstream->write(std::exchange(link->pendingUp, {}));
        });
        connect(link->upstream, &QTcpSocket::readyRead, this, [this, link] { forwardDown(link); });
        // The server went away (or refused): the client sees its connection end.
        connect(link->upstream, &QTcpSocket::disconnected, this, [this, link] { close(link); });
        connect(link->upstream, &QTcpSocket::errorOccurred, this, [this, link] { close(link); });

        if (link->fault == Fault::Reorder) {
            QTimer::singleShot(maxHoldMillis, this, [this, link] {
                if (m_links.contains(link) && link->holding) {
                    link->holding = false;
                    deliverDown(link, std::exchange(link->held, {}));
                }
            });
        }
        const auto connectUp = [this, link] {
            if (m_links.contains(link) && !link->closed)
                link->upstream->connectToHost(QHostAddress::LocalHost, link->target);
        };
        if (link->fault == Fault::Delay)
            QTimer::singleShot(std::uniform_int_distribution<int>(1, maxDelayMillis)(m_random), this,
                               connectUp);
        else
            connectUp();
    }
}

void FaultProxy::forwardUp(Link *link)
{
    if (link->closed)
        return;
    QByteArray bytes = link->client->readAll();
    const bool cuts = link->fault == Fault::DropMidRequest || link->fault == Fault::KillServer;
    bool cut = false;
    if (cuts && link->up + bytes.size() >= link->cutAt) {
        bytes.truncate(link->cutAt - link->up);
        cut = true;
    }
    link->up += bytes.size();
    if (link->fault == Fault::Duplicate)
        link->recorded += bytes;
    if (link->upstreamReady)
        link->upstream->write(bytes);
    else
        link->pendingUp += bytes;
    if (!cut)
        return;
    if (link->fault == Fault::KillServer && m_killHook)
        m_killHook();
    close(link);
}

void FaultProxy::forwardDown(Link *link)
{
    if (link->closed)
        return;
    QByteArray bytes = link->upstream->readAll();
    if (link->fault == Fault::DropAnswer) {
        close(link);
        return;
    }
    const bool cuts = link->fault == Fault::DropMidResponse || link->fault == Fault::Truncate;
    if (cuts && link->down + bytes.size() >= link->cutAt) {
        bytes.truncate(link->cutAt - link->down);
        link->down += bytes.size();
        record(bytes);
        link->client->write(bytes);
        if (link->fault == Fault::Truncate) {
            // What was forwarded reaches the client, then an orderly end of stream.
            link->closed = true;
            link->upstream->abort();
            link->client->disconnectFromHost();
            m_links.removeOne(link);
            link->client->deleteLater();
            link->upstream->deleteLater();
            delete link;
        } else {
            close(link);
        }
        return;
    }
    link->down += bytes.size();
    if (link->holding) {
        link->held += bytes;
        return;
    }
    deliverDown(link, bytes);
}

void FaultProxy::deliverDown(Link *link, const QByteArray &bytes)
{
    if (bytes.isEmpty() || link->closed)
        return;
    record(bytes);
    link->client->write(bytes);
    releaseHeld();
}

// Any answer reaching a client releases the answers held back before it.
void FaultProxy::record(const QByteArray &bytes)
{
    if (m_recording)
        m_delivered += bytes;
}

void FaultProxy::releaseHeld()
{
    const QList<Link *> links = m_links;
    for (Link *other : links) {
        if (other->holding && m_links.contains(other)) {
            other->holding = false;
            deliverDown(other, std::exchange(other->held, {}));
        }
    }
}

void FaultProxy::close(Link *link)
{
    if (!m_links.contains(link) || link->closed)
        return;
    link->closed = true;
    m_links.removeOne(link);
    // A held answer is still delivered before the end: reordered, not lost.
    if (!link->held.isEmpty()) {
        record(link->held);
        link->client->write(std::exchange(link->held, {}));
    }
    link->client->disconnect(this);
    link->upstream->disconnect(this);
    if (link->fault == Fault::None || link->fault == Fault::Delay || link->fault == Fault::Reorder ||
        link->fault == Fault::Duplicate) {
        // An orderly end: what is buffered still goes out.
        link->client->disconnectFromHost();
        link->upstream->disconnectFromHost();
    } else {
        link->client->abort();
        link->upstream->abort();
    }
    link->client->deleteLater();
    link->upstream->deleteLater();
    delete link;
}

void FaultProxy::replay(const QByteArray &bytes, quint16 target)
{
    auto *socket = new QTcpSocket(this);
    m_replays.append(socket);
    connect(socket, &QObject::destroyed, this, [this] { ++m_replaysFinished; });
    connect(socket, &QTcpSocket::connected, socket, [socket, bytes] { socket->write(bytes); });
    // Whatever the server answers is read and dropped; the replay ends when either side closes
    // or after a bound.
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::errorOccurred, socket, &QObject::deleteLater);
    QTimer::singleShot(maxHoldMillis * 2, socket, [socket] { socket->abort(); });
    socket->connectToHost(QHostAddress::LocalHost, target);
}

} // namespace doorstep::test
