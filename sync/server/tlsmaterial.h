// The server's TLS certificate and key: DIR/tls/cert.pem and key.pem, made with openssl as a
// self-signed certificate for localhost/127.0.0.1 when absent. Devices pin its SHA-256.
#pragma once

#include "core/result.h"

#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace doorstep::server {

struct TlsMaterial
{
    QSslCertificate certificate;
    QSslKey key;
    QString sha256; // hex of the SHA-256 of the certificate's DER
};

Result<TlsMaterial> loadOrCreateTlsMaterial(const QString &dataDir);

} // namespace doorstep::server
