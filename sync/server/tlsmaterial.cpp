#include "tlsmaterial.h"

#include <QDir>
#include <QFile>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace doorstep::server {

namespace {

Error tlsError(const QString &message)
{
    return makeError(u"tls"_s, message);
}

Result<void> createSelfSigned(const QString &tlsDir, const QString &certPath, const QString &keyPath)
{
    if (!QDir().mkpath(tlsDir))
        return tlsError(u"Could not create %1 for the certificate."_s.arg(tlsDir));
    QFile::setPermissions(tlsDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(u"openssl"_s,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                   u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, u"825"_s, u"-subj"_s,
                   u"/CN=doorstep-local"_s, u"-addext"_s, u"subjectAltName=DNS:localhost,IP:127.0.0.1"_s,
                   u"-keyout"_s, keyPath, u"-out"_s, certPath});
    if (!openssl.waitForStarted())
        return tlsError(u"Could not run openssl to make a certificate; install the openssl package or put "
                        u"cert.pem and key.pem in %1."_s.arg(tlsDir));
    openssl.waitForFinished(60'000);
    const QByteArray output = openssl.readAll();
    if (openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0) {
        QFile::remove(keyPath);
        QFile::remove(certPath);
        return tlsError(
            u"openssl could not make a certificate: %1"_s.arg(QString::fromLocal8Bit(output).trimmed()));
    }
    if (!QFile::setPermissions(keyPath, QFile::ReadOwner | QFile::WriteOwner))
        return tlsError(u"Could not restrict %1 to its owner."_s.arg(keyPath));
    return {};
}

} // namespace

Result<TlsMaterial> loadOrCreateTlsMaterial(const QString &dataDir)
{
    const QString tlsDir = QDir(dataDir).absoluteFilePath(u"tls"_s);
    const QString certPath = QDir(tlsDir).absoluteFilePath(u"cert.pem"_s);
    const QString keyPath = QDir(tlsDir).absoluteFilePath(u"key.pem"_s);
    const bool haveCert = QFile::exists(certPath);
    const bool haveKey = QFile::exists(keyPath);
    if (haveCert != haveKey)
        return tlsError(
            u"%1 holds only one of cert.pem and key.pem; supply both or remove both."_s.arg(tlsDir));
    if (!haveCert) {
        if (auto made = createSelfSigned(tlsDir, certPath, keyPath); !made)
            return made.error();
    }

    QFile certFile(certPath);
    QFile keyFile(keyPath);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return tlsError(u"Could not read the certificate or key in %1."_s.arg(tlsDir));
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (certificates.isEmpty() || certificates.first().isNull())
        return tlsError(u"%1 does not hold a PEM certificate."_s.arg(certPath));
    const QByteArray keyData = keyFile.readAll();
    QSslKey key(keyData, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyData, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        return tlsError(u"%1 does not hold an unencrypted EC or RSA private key in PEM."_s.arg(keyPath));

    TlsMaterial material;
    material.certificate = certificates.first();
    material.key = key;
    material.sha256 = QString::fromLatin1(material.certificate.digest(QCryptographicHash::Sha256).toHex());
    return material;
}

} // namespace doorstep::server
