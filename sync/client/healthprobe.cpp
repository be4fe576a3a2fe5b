#include "healthprobe.h"

#include "sync/protocol/messages.h"

#include <QNetworkReply>

namespace doorstep::sync {

namespace {

constexpr int probeTimeoutMillis = 10'000;

} // namespace

HealthProbe::HealthProbe(QObject *parent)
    : QObject(parent)
{
    m_network.setTransferTimeout(probeTimeoutMillis);
}

void HealthProbe::probe(const QUrl &serverUrl)
{
    if (m_probing)
        return;
    m_probing = true;
    QUrl url = serverUrl;
    url.setPath(protocol::Path::Health);
    QNetworkReply *reply = m_network.get(QNetworkRequest(url));
    auto reachedTls = std::make_shared<bool>(false);
    // Nothing is sent and nothing read but reachability: a certificate error still proves the
    // server is there. The pinned certificate is checked by SyncClient on every real request.
    connect(reply, &QNetworkReply::sslErrors, reply, [reply, reachedTls](const QList<QSslError> &) {
        *reachedTls = true;
        reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, reachedTls] {
        reply->deleteLater();
        m_probing = false;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        Q_EMIT finished(status != 0 || *reachedTls);
    });
}

} // namespace doorstep::sync
