// Asks whether the server can be reached: GET /v1/health, unsigned, no body either way. Used
// where QNetworkInformation does not load (containers, some desktops) to notice that the
// network is back.
//
// Thread: the thread it lives on, with an event loop. Ownership: a QObject child.
#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

namespace doorstep::sync {

class HealthProbe : public QObject
{
    Q_OBJECT
public:
    explicit HealthProbe(QObject *parent = nullptr);

    // One probe at a time: a call while one is out is ignored. The server is reachable when it
    // answers at all (any HTTP status, or a TLS handshake that got as far as its certificate).
    void probe(const QUrl &serverUrl);
    bool isProbing() const { return m_probing; }

Q_SIGNALS:
    void finished(bool reachable);

private:
    QNetworkAccessManager m_network;
    bool m_probing = false;
};

} // namespace doorstep::sync
