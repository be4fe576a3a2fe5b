// Request signing: the canonical text, a round trip, and every part of a request that a change
// must make the signature fail.
#include "sync/protocol/signing.h"

#include <QCryptographicHash>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep::protocol;

class TestSigning : public QObject
{
    Q_OBJECT

private:
    const QByteArray method = QByteArrayLiteral("POST");
    const QByteArray path = QByteArrayLiteral("/v1/push");
    const QByteArray body = QByteArrayLiteral("{\"changes\":[]}");
    const QString device = u"device-test-one"_s;
    const qint64 timestamp = 1'774'000'000'000;

private Q_SLOTS:
    void keyPairSizes()
    {
        const SigningKeyPair pair = generateSigningKeyPair();
        QCOMPARE(pair.publicKey.size(), 32);
        QCOMPARE(pair.secretKey.size(), 64);
        QVERIFY(generateSigningKeyPair().publicKey != pair.publicKey);
    }

    void canonicalText()
    {
        const QByteArray text = canonicalRequest(method, path, body, device, timestamp, "bm9uY2U=");
        const QByteArray expected = "DOORSTEP-V1\nPOST\n/v1/push\n" +
                                    QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex() +
                                    "\ndevice-test-one\n1774000000000\nbm9uY2U=";
        QCOMPARE(text, expected);
    }

    // The body's hash is SHA-256 whatever its length: empty (a GET), around SHA-256's 64-byte
    // block, and a push body of some megabytes.
    void bodyHashIsSha256_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("55 bytes") << QByteArray(55, 'a');
        QTest::newRow("64 bytes") << QByteArray(64, 'b');
        QTest::newRow("65 bytes") << QByteArray(65, 'c');
        QByteArray large;
        for (int i = 0; large.size() < 3 * 1024 * 1024 + 7; ++i)
            large += QByteArray::number(i) + ',';
        QTest::newRow("3 MiB") << large;
    }

    void bodyHashIsSha256()
    {
        QFETCH(QByteArray, content);
        const QByteArray text = canonicalRequest(method, path, content, device, timestamp, "bm9uY2U=");
        QCOMPARE(text.split('\n').value(3),
                 QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
    }

    void roundTrip()
    {
        const SigningKeyPair pair = generateSigningKeyPair();
        const SignedHeaders headers = signRequest(pair.secretKey, method, path, body, device, timestamp);
        QCOMPARE(headers.deviceId, device.toUtf8());
        QCOMPARE(headers.timestamp, QByteArray::number(timestamp));
        QCOMPARE(QByteArray::fromBase64(headers.nonce).size(), 16);
        QCOMPARE(QByteArray::fromBase64(headers.signature).size(), 64);
        QVERIFY(verifyRequest(pair.publicKey, method, path, body, device, timestamp, headers.nonce,
                              headers.signature));
        // Two signatures of the same request differ in their nonce.
        QVERIFY(signRequest(pair.secretKey, method, path, body, device, timestamp).nonce != headers.nonce);
    }

    void tamperDetected_data()
    {
        QTest::addColumn<int>("part");
        QTest::newRow("method") << 0;
        QTest::newRow("path") << 1;
        QTest::newRow("body") << 2;
        QTest::newRow("device") << 3;
        QTest::newRow("timestamp") << 4;
        QTest::newRow("nonce") << 5;
        QTest::newRow("signature") << 6;
        QTest::newRow("other key") << 7;
        QTest::newRow("signature not base64") << 8;
    }

    void tamperDetected()
    {
        QFETCH(int, part);
        const SigningKeyPair pair = generateSigningKeyPair();
        const SignedHeaders h = signRequest(pair.secretKey, method, path, body, device, timestamp);
        QByteArray m = method, p = path, b = body, n = h.nonce, s = h.signature, key = pair.publicKey;
        QString d = device;
        qint64 t = timestamp;
        switch (part) {
        case 0:
            m = "GET";
            break;
        case 1:
            p = "/v1/push?x=1";
            break;
        case 2:
            b = "{\"changes\":[{}]}";
            break;
        case 3:
            d = u"device-test-two"_s;
            break;
        case 4:
            t += 1;
            break;
        case 5:
            n = QByteArray(16, 'a').toBase64();
            break;
        case 6: {
            QByteArray raw = QByteArray::fromBase64(s);
            raw[10] = char(raw[10] ^ 0x01);
            s = raw.toBase64();
            break;
        }
        case 7:
            key = generateSigningKeyPair().publicKey;
            break;
        case 8:
            s = "!!!not base64!!!";
            break;
        }
        QVERIFY(verifyRequest(pair.publicKey, method, path, body, device, timestamp, h.nonce, h.signature));
        QVERIFY(!verifyRequest(key, m, p, b, d, t, n, s));
    }

    void signedPathAndQueryOfUrl()
    {
        QCOMPARE(signedPathAndQuery(QUrl(u"https://127.0.0.1:8443/v1/pull?since=12&limit=500"_s)),
                 QByteArrayLiteral("/v1/pull?since=12&limit=500"));
        QCOMPARE(signedPathAndQuery(QUrl(u"https://127.0.0.1:8443/v1/push"_s)),
                 QByteArrayLiteral("/v1/push"));
    }
};

QTEST_GUILESS_MAIN(TestSigning)
#include "tst_signing.moc"
