// Test helper: a fault-injecting TCP proxy on loopback, between devices and the server. It works
// on bytes, below TLS (so certificate pinning still holds end to end), and for each connection
// it accepts draws one fault from a seeded generator, or is told which one to use:
// - Drop a connection mid-request (after part of what the client sent) or mid-response (after
//   part of what the server answered), closing both sides;
// - Truncate: forward part of the answer, then half-close towards the client;
// - Delay every chunk in both directions;
// - Duplicate: after the connection ends, send everything the client sent once more to the
//   server on a fresh connection (a replay on the wire; TLS must refuse it);
// - Reorder: hold the answer of this connection until the next connection has had its answer
//   (or a bound passes), so answers reach clients in another order than requests reached the
//   server;
// - KillServer: after part of the request, call the kill hook (the test SIGKILLs the server)
//   and drop the connection;
// - DropAnswer: forward the request whole, then drop the connection at the first byte the
//   server sends back. Over plain HTTP that byte begins the answer: the server has read the
//   request and acted on it, the client gets nothing (over TLS it would be the handshake). Never
//   drawn at random; queue it.
// Connections are spread over one or more server ports (addTarget).
//
// Thread: the thread that made it, whose event loop must run while clients talk through it
// (wait on client processes with QSignalSpy::wait, not waitForFinished). Owns its sockets.
#pragma once

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>
#include <random>

namespace doorstep::test {

class FaultProxy : public QObject
{
    Q_OBJECT

public:
    enum class Fault {
        None,
        DropMidRequest,
        DropMidResponse,
        Truncate,
        Delay,
        Duplicate,
        Reorder,
        KillServer,
        DropAnswer
    };
    Q_ENUM(Fault)

    FaultProxy(quint16 targetPort, quint32 seed, QObject *parent = nullptr);
    ~FaultProxy() override;

    // Listens on 127.0.0.1 (0: a free port).
    bool listen(quint16 port = 0);
    // Another server on loopback: each connection goes to one of the targets, drawn at random
    // (several server processes on one database, as a load balancer would spread devices).
    void addTarget(quint16 port) { m_targets.append(port); }
    quint16 port() const { return m_server.serverPort(); }

    // The chance (0..1) that a new connection gets a random fault; 0 turns faults off.
    void setFaultRate(double rate) { m_faultRate = rate; }
    // The faults the next connections get, in order, before random ones resume.
    void queueFaults(const QList<Fault> &faults) { m_queued += faults; }
    void clearQueuedFaults() { m_queued.clear(); }
    // Called for the KillServer fault; without it KillServer behaves as DropMidRequest.
    void setKillHook(std::function<void()> hook) { m_killHook = std::move(hook); }

    // Counts by fault, for the test's summary and its checks that faults happened.
    int count(Fault fault) const { return m_counts.value(int(fault)); }
    int connections() const { return m_connections; }
    // Duplicate's replays that have ended (refused, answered or timed out).
    int replaysFinished() const { return m_replaysFinished; }
    // With recording on, every byte forwarded to clients from then on (what was recorded before
    // is forgotten), readable over plain HTTP: the answers a test expects to have passed.
    void setRecording(bool on)
    {
        m_recording = on;
        if (on)
            m_delivered.clear();
    }
    QByteArray delivered() const { return m_delivered; }

private:
    struct Link;

    void accept();
    Fault drawFault();
    void forwardUp(Link *link);
    void forwardDown(Link *link);
    void deliverDown(Link *link, const QByteArray &bytes);
    void close(Link *link);
    void releaseHeld();
    void record(const QByteArray &bytes);
    void replay(const QByteArray &bytes, quint16 target);
    quint16 drawTarget();

    QTcpServer m_server;
    QList<quint16> m_targets;
    std::mt19937 m_random;
    double m_faultRate = 0.0;
    QList<Fault> m_queued;
    std::function<void()> m_killHook;
    QList<Link *> m_links;
    QList<QPointer<QTcpSocket>> m_replays;
    QHash<int, int> m_counts;
    int m_connections = 0;
    int m_replaysFinished = 0;
    bool m_recording = false;
    QByteArray m_delivered;
};

} // namespace doorstep::test
