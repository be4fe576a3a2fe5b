#include "syncclient.h"

#include "sync/client/networkerrors.h"
#include "sync/protocol/bodyreader.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/payloadtexts.h"
#include "sync/protocol/pushbody.h"
#include "sync/protocol/signing.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonDocument>
#include <QLocale>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrlQuery>

#include <algorithm>

namespace doorstep::sync {

namespace {

Q_LOGGING_CATEGORY(lcSync, "doorstep.sync.client")

constexpr int transferTimeoutMillis = 30'000;

QString certificateSha256(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex());
}

// The server's clock from the answer's HTTP `Date` header (RFC 9110 IMF-fixdate, "Thu, 26 Nov
// 2026 03:32:07 GMT"); nullopt when the answer has none or it cannot be read.
std::optional<qint64> serverMillis(QNetworkReply *reply)
{
    const QString text = QString::fromLatin1(reply->rawHeader(QByteArrayLiteral("Date"))).trimmed();
    if (text.isEmpty())
        return std::nullopt;
    QDateTime at = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!at.isValid())
        return std::nullopt;
    at.setTimeSpec(Qt::UTC);
    return at.toMSecsSinceEpoch();
}

constexpr char pinMismatchProperty[] = "doorstepPinMismatch";

// Why a request got no HTTP answer at all: no network (retry later) or a refused certificate
// (do not retry: somebody may be in the middle).
Error transportError(QNetworkReply *reply)
{
    if (reply->property(pinMismatchProperty).toBool())
        return makeError(QStringLiteral("certificate_mismatch"),
                         QObject::tr("The server presented a certificate other than the one pinned at "
                                     "enrolment; nothing was sent. Ask an administrator."));
    if (isOfflineError(reply->error()))
        return makeError(QStringLiteral("offline"),
                         QObject::tr("The server could not be reached (%1). Changes stay on this device "
                                     "and are sent when it can be reached.")
                             .arg(reply->errorString()));
    return makeError(QStringLiteral("tls"),
                     QObject::tr("The secure connection to the server failed: %1").arg(reply->errorString()));
}

// The body of a 200 answer; otherwise why there was none (no network, refused certificate) or
// the server's own error.
Result<QByteArray> answerBody(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return transportError(reply);
    const QByteArray body = reply->readAll();
    if (status != 200)
        return protocol::errorFromBody(body, status);
    return body;
}

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The certificate is pinned by its SHA-256: a self-signed certificate is accepted only when it
// is the pinned one, and even a CA-signed one is refused when it is not.
void pinCertificate(QNetworkReply *reply, const QString &pinnedSha256, QString *seenSha256)
{
    QObject::connect(
        reply, &QNetworkReply::sslErrors, reply,
        [reply, pinnedSha256, seenSha256](const QList<QSslError> &errors) {
            const QString presented = certificateSha256(reply->sslConfiguration().peerCertificate());
            if (seenSha256)
                *seenSha256 = presented;
            if (pinnedSha256.isEmpty() || presented.compare(pinnedSha256, Qt::CaseInsensitive) == 0)
                reply->ignoreSslErrors(errors);
            else
                reply->setProperty(pinMismatchProperty, true);
        });
    QObject::connect(reply, &QNetworkReply::encrypted, reply, [reply, pinnedSha256, seenSha256] {
        const QString presented = certificateSha256(reply->sslConfiguration().peerCertificate());
        if (seenSha256)
            *seenSha256 = presented;
        if (!pinnedSha256.isEmpty() && presented.compare(pinnedSha256, Qt::CaseInsensitive) != 0) {
            reply->setProperty(pinMismatchProperty, true);
            reply->abort();
        }
    });
}

} // namespace

SyncClient::SyncClient(store::Store *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_millisNow([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_network.setTransferTimeout(transferTimeoutMillis);
}

void SyncClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void SyncClient::enrol(const QUrl &server, const QString &code, const QString &deviceName,
                       const QString &certificateSha256)
{
    if (m_state == State::Syncing)
        return;
    // Plain HTTP only to this machine (tests, a local demo): anywhere else the enrolment code and
    // then every record would cross the network readable by anyone on the way.
    const bool loopback =
        server.host() == QLatin1String("localhost") || QHostAddress(server.host()).isLoopback();
    if (server.scheme() != QLatin1String("https") &&
        !(server.scheme() == QLatin1String("http") && loopback)) {
        m_errorString = tr("The server's address must start with https:// (plain http:// is allowed only "
                           "to this machine); nothing was sent.");
        setState(State::Error);
        // Queued, as every other answer is: the caller may not be listening yet.
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT enrolFinished(false, QStringLiteral("insecure"), m_errorString); },
            Qt::QueuedConnection);
        return;
    }
    setState(State::Syncing);

    const protocol::SigningKeyPair keys = protocol::generateSigningKeyPair();
    protocol::EnrolRequest request;
    request.code = code;
    request.deviceId = m_store->deviceId();
    request.devicePublicKey = keys.publicKey;
    request.deviceName = deviceName;

    QUrl url = server;
    url.setPath(protocol::Path::Enrol);
    QNetworkRequest networkRequest(url);
    networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network.post(networkRequest, compactJson(request.toJson()));
    auto seen = std::make_shared<QString>();
    pinCertificate(reply, certificateSha256, seen.get());

    connect(reply, &QNetworkReply::finished, this, [this, reply, keys, server, seen] {
        reply->deleteLater();
        const auto fail = [this](const Error &error) {
            m_errorString = error.message;
            setState(error.code == QLatin1String("offline") ? State::Offline : State::Error);
            Q_EMIT enrolFinished(false, error.code, error.message);
        };
        const auto body = answerBody(reply);
        if (!body)
            return fail(body.error());
        const auto response =
            protocol::EnrolResponse::fromJson(QJsonDocument::fromJson(body.value()).object());
        if (!response)
            return fail(makeError(
                QStringLiteral("protocol"),
                tr("The server's answer to enrolment was not understood: %1").arg(response.error().message)));
        store::DeviceIdentity identity;
        identity.deviceId = response.value().deviceId;
        identity.userId = response.value().userId;
        identity.userName = response.value().userName;
        identity.role = response.value().role;
        identity.teamId = response.value().teamId;
        identity.serverUrl = server.toString(QUrl::RemovePath | QUrl::StripTrailingSlash);
        identity.serverCertificateSha256 = server.scheme() == QLatin1String("https") ? *seen : QString();
        identity.signingPublicKey = keys.publicKey;
        identity.signingSecretKey = keys.secretKey;
        if (const auto saved = m_store->setIdentity(identity); !saved)
            return fail(saved.error());
        setState(State::Idle);
        Q_EMIT enrolFinished(true, {}, {});
    });
}

QNetworkReply *SyncClient::send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body)
{
    const auto identity = m_store->identity();
    QUrl url(identity->serverUrl + pathAndQuery);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const protocol::SignedHeaders headers =
        protocol::signRequest(identity->signingSecretKey, method, pathAndQuery.toUtf8(), body,
                              identity->deviceId, m_millisNow() + m_clockOffsetMillis);
    request.setRawHeader(protocol::Header::Device, headers.deviceId);
    request.setRawHeader(protocol::Header::Timestamp, headers.timestamp);
    request.setRawHeader(protocol::Header::Nonce, headers.nonce);
    request.setRawHeader(protocol::Header::Signature, headers.signature);
    // A GET through get(): sendCustomRequest wraps even an empty body in a buffer, and Qt then
    // starts the request from this thread's event loop, so a page asked for ahead did not leave
    // until the page before it was applied (a pull of 10k waited some 100 ms for its pages).
    QNetworkReply *reply = method == "GET" && body.isEmpty()
                               ? m_network.get(request)
                               : m_network.sendCustomRequest(request, method, body);
    pinCertificate(reply, identity->serverCertificateSha256, nullptr);
    return reply;
}

void SyncClient::sync()
{
    if (m_state == State::Syncing)
        return;
    if (!m_store->identity()) {
        m_errorString = tr("This device is not enrolled yet.");
        setState(State::Error);
        Q_EMIT syncFinished(false, QStringLiteral("not_enrolled"), m_errorString, 0, 0, 0);
        return;
    }
    setState(State::Syncing);
    m_pushed = m_rejected = m_pulled = 0;
    m_requeued = false;
    m_pullLimit = protocol::defaultPullLimit;
    m_syncedAtSaved = false;
    m_resentAfterRefusal = false;
    m_total = m_store->pendingCount();
    Q_EMIT progress(0, m_total);
    pushNextBatch();
}

void SyncClient::pushNextBatch()
{
    const Result<PushBatch> batch = nextPushBatch(0);
    if (!batch)
        finish(false, batch.error().code, batch.error().message);
    else if (batch.value().changes.isEmpty())
        pullNextPage();
    else
        sendPush(batch.value());
}

Result<SyncClient::PushBatch> SyncClient::nextPushBatch(qint64 afterSeq)
{
    // As many changes as the server takes in one push, so each signed request, round trip and
    // server commit carries the most; halved while the body is over the server's size limit
    // (413), which a batch of long notes can pass, since no field has a length limit.
    // The body is written from the texts the outbox keeps (protocol::pushBody): the same JSON as
    // PushRequest::toJson(), without decoding each payload and encoding it again.
    QList<QByteArray> payloadTexts;
    QList<QByteArray> fieldsTexts;
    const QList<Change> pending =
        m_store->pendingChangeTexts(protocol::maxChangesPerPush, &payloadTexts, &fieldsTexts, afterSeq);
    if (pending.isEmpty())
        return PushBatch{};
    QList<protocol::PushItem> items;
    items.reserve(pending.size());
    for (qsizetype i = 0; i < pending.size(); ++i)
        items.append(protocol::PushItem{pending.at(i), payloadTexts.at(i), fieldsTexts.at(i)});
    QByteArray body = protocol::pushBody(items);
    while (body.size() > protocol::maxRequestBytes && items.size() > 1) {
        items.resize(items.size() / 2);
        body = protocol::pushBody(items);
    }
    if (body.size() > protocol::maxRequestBytes) {
        // The server could only refuse it unread, and every later change waits behind it (they
        // are numbered in order): say so rather than send it.
        return makeError(QStringLiteral("too_large"),
                         tr("Change %1 is %2 MiB, more than the server accepts in one request (%3 MiB), so "
                            "it and the changes made after it cannot be sent. Ask an administrator.")
                             .arg(items.constFirst().change.changeId)
                             .arg(double(body.size()) / (1024 * 1024), 0, 'f', 1)
                             .arg(protocol::maxRequestBytes / (1024 * 1024)));
    }
    PushBatch batch;
    batch.changes.reserve(items.size());
    for (const protocol::PushItem &item : items)
        batch.changes.append(item.change);
    batch.body = std::move(body);
    return batch;
}

QNetworkReply *SyncClient::sendPush(const PushBatch &batch)
{
    QNetworkReply *reply = send(QByteArrayLiteral("POST"), protocol::Path::Push, batch.body);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, changes = batch.changes] { receivePushAnswer(reply, changes); });
    return reply;
}

void SyncClient::receivePushAnswer(QNetworkReply *reply, const QList<Change> &batch)
{
    reply->deleteLater();
    // Without an answer the batch may or may not have been applied; the outbox keeps it and
    // the next run resends it, which the server acknowledges without applying it twice.
    const auto body = answerBody(reply);
    if (!body) {
        if (!resendAfterRefusal(reply, body.error(), &SyncClient::pushNextBatch))
            finish(false, body.error().code, body.error().message);
        return;
    }
    m_resentAfterRefusal = false;
    const auto response = protocol::PushResponse::fromJson(QJsonDocument::fromJson(body.value()).object());
    if (!response) {
        finish(false, QStringLiteral("protocol"),
               tr("The server's answer to a push was not understood: %1").arg(response.error().message));
        return;
    }
    QSet<QString> answered;
    for (const QString &id : response.value().accepted)
        answered.insert(id);
    for (const protocol::Rejection &rejection : response.value().rejected)
        answered.insert(rejection.changeId);
    // A batch the server did not answer in full is not marked at all: resending is safe,
    // guessing is not.
    for (const Change &change : batch) {
        if (!answered.contains(change.changeId)) {
            finish(false, QStringLiteral("protocol"),
                   tr("The server did not answer for every change sent; they will be sent again."));
            return;
        }
    }
    // A gap says nothing about the change itself: it stays pending, to be sent again once the
    // server has what comes before it.
    const auto isGap = [](const protocol::Rejection &r) {
        return r.code == QLatin1String("gap");
    };
    const int gapped =
        int(std::count_if(response.value().rejected.cbegin(), response.value().rejected.cend(), isGap));
    // Without a gap, the next batch goes before this one's answers are written: the server
    // applies it while this device marks these (its answer is read only once this function has
    // returned to the event loop). Should the marks fail, it is dropped; a copy the server
    // applied is acknowledged without being applied again when it is sent next time.
    Result<PushBatch> next = PushBatch{};
    QNetworkReply *ahead = nullptr;
    if (gapped == 0) {
        next = nextPushBatch(batch.constLast().deviceSeq);
        if (next && !next.value().changes.isEmpty())
            ahead = sendPush(next.value());
    }
    const auto failed = [this, ahead](const Error &error) {
        abandon(ahead);
        finish(false, error.code, error.message);
    };
    if (const auto marked = m_store->markAcknowledged(response.value().accepted); !marked)
        return failed(marked.error());
    for (const protocol::Rejection &rejection : response.value().rejected) {
        if (isGap(rejection))
            continue;
        const QString reason = rejection.field.isEmpty()
                                   ? rejection.message
                                   : QStringLiteral("%1 (%2)").arg(rejection.message, rejection.field);
        if (const auto marked = m_store->markRejected(rejection.changeId, rejection.code, reason); !marked)
            return failed(marked.error());
    }
    m_pushed += response.value().accepted.size();
    m_rejected += response.value().rejected.size() - gapped;
    Q_EMIT progress(m_pushed + m_rejected, m_total);
    if (gapped > 0) {
        const qint64 expected = response.value().expectedSeq.value_or(0);
        // The server lost changes it had acknowledged: send them again, once per run, when
        // this device still holds the one it expects.
        if (!m_requeued && expected > 0) {
            m_requeued = true;
            const auto requeued = m_store->requeueFrom(expected);
            if (!requeued) {
                finish(false, requeued.error().code, requeued.error().message);
                return;
            }
            const QList<Change> first = m_store->pendingChanges(1);
            if (!first.isEmpty() && first.first().deviceSeq <= expected) {
                m_total += requeued.value();
                pushNextBatch();
                return;
            }
        }
        finish(false, QStringLiteral("sequence_gap"),
               tr("The server expects this device's change number %1 next, which this device no longer "
                  "holds as unsent (the server may have been restored from an older copy). %2 changes "
                  "wait on this device; ask an administrator.")
                   .arg(expected)
                   .arg(gapped));
        return;
    }
    if (!next)
        finish(false, next.error().code, next.error().message);
    else if (!ahead)
        pullNextPage();
}

void SyncClient::abandon(QNetworkReply *reply)
{
    if (!reply)
        return;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

// Pages of the device's own cursor grow through a run (500, 1000, 2000, 2000, ...): the first
// comes as soon as before, and later ones commit more changes at once. Each commit re-encrypts
// every page it wrote, the last page of each table and index among them. Records made with random
// ids (before core/recordid.h) take each new row on a random leaf of the indexes keyed by id, so a
// commit of 500 rewrote most of their leaves: at 10k pulled visits, half the pull's commit cost
// (callgrind: 109k -> 60k instructions per change, this growth).
int SyncClient::nextPullLimit()
{
    const int limit = m_pullLimit;
    m_pullLimit = qMin(2 * m_pullLimit, protocol::maxPullLimit);
    return limit;
}

QNetworkReply *SyncClient::sendPull(const QString &since, const QString &familyId, int limit)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("since"), since);
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!familyId.isEmpty())
        query.addQueryItem(QStringLiteral("family"), familyId);
    else // what still waits here, rejected changes included, for the supervisor's coverage report
        query.addQueryItem(QStringLiteral("pending"), QString::number(m_store->unsentCount()));
    const QString pathAndQuery = protocol::Path::Pull + QLatin1Char('?') + query.toString(QUrl::FullyEncoded);
    return send(QByteArrayLiteral("GET"), pathAndQuery, {});
}

// Two refusals are answered by sending the request once more, signed afresh:
// - a replay: Qt sends a request again on a new connection when the first drops before the
//   answer; when the first copy had reached the server, the second carries the same signed nonce.
// - a stale timestamp: the device's clock is more than five minutes from the server's (a tablet
//   an hour out would otherwise never sync). The offset is learnt from the answer's `Date` header
//   and added to every later request's timestamp for as long as this client lives. It moves
//   only the signed request time: records keep the device's own clock, and the HLC is not dragged.
// Push and pull are idempotent, so a second copy is harmless.
bool SyncClient::resendAfterRefusal(QNetworkReply *reply, const Error &error, void (SyncClient::*again)())
{
    if (m_resentAfterRefusal)
        return false;
    if (error.code == QLatin1String("stale_timestamp")) {
        const std::optional<qint64> server = serverMillis(reply);
        if (!server)
            return false;
        m_clockOffsetMillis = *server - m_millisNow();
        qCInfo(lcSync,
               "The server's clock is %lld s ahead of this device's (negative: behind); requests are timed "
               "by the server's",
               static_cast<long long>(m_clockOffsetMillis / 1000));
    } else if (error.code != QLatin1String("replayed_nonce")) {
        return false;
    }
    m_resentAfterRefusal = true;
    (this->*again)();
    return true;
}

std::optional<protocol::PullResponse> SyncClient::readPage(QNetworkReply *reply, void (SyncClient::*again)())
{
    const auto body = answerBody(reply);
    if (!body) {
        if (!resendAfterRefusal(reply, body.error(), again))
            finish(false, body.error().code, body.error().message);
        return std::nullopt;
    }
    m_resentAfterRefusal = false;
    // Read straight from its text (protocol::readPullAnswer) where it can be, with the payloads'
    // texts as they came: the store keeps append-only records as received.
    if (auto quick = protocol::readPullAnswer(body.value()))
        return std::move(*quick);
    auto page = protocol::PullResponse::fromJson(QJsonDocument::fromJson(body.value()).object());
    if (!page) {
        finish(false, QStringLiteral("protocol"),
               tr("The server's changes were not understood: %1").arg(page.error().message));
        return std::nullopt;
    }
    // Encoding each parsed payload again was a quarter of a pulled change's cost.
    if (auto texts = protocol::changePayloadTexts(body.value());
        texts && texts->size() == page.value().changes.size())
        page.value().payloadTexts = std::move(*texts);
    return std::move(page).value();
}

void SyncClient::pullNextPage()
{
    receivePage(sendPull(m_store->pullCursor(), {}, nextPullLimit()));
}

void SyncClient::receivePage(QNetworkReply *reply)
{
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        auto page = readPage(reply, &SyncClient::pullNextPage);
        if (!page)
            return;
        // Families that moved onto this caseload: their history first, then this page with its
        // cursor. An interruption leaves the cursor before the move, so it is fetched again.
        if (!page->added.isEmpty()) {
            m_backfill = page->added;
            m_backfillSince = QStringLiteral("0");
            m_heldPage = std::move(page);
            pullFamilyPage();
            return;
        }
        applyPage(*page);
    });
}

void SyncClient::pullFamilyPage()
{
    if (m_backfill.isEmpty()) {
        const protocol::PullResponse page = *m_heldPage;
        m_heldPage.reset();
        applyPage(page);
        return;
    }
    QNetworkReply *reply = sendPull(m_backfillSince, m_backfill.constFirst(), protocol::defaultPullLimit);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const auto page = readPage(reply, &SyncClient::pullFamilyPage);
        if (!page)
            return;
        // Outside the cursor: the device's own cursor stays where it is.
        if (const auto applied = m_store->applyPulled(page->changes, m_store->pullCursor(), std::nullopt,
                                                      page->fields, page->payloadTexts);
            !applied) {
            finish(false, applied.error().code, applied.error().message);
            return;
        }
        m_pulled += page->changes.size();
        if (page->more && !page->changes.isEmpty()) {
            m_backfillSince = page->cursor;
        } else {
            m_backfill.removeFirst();
            m_backfillSince = QStringLiteral("0");
        }
        pullFamilyPage();
    });
}

void SyncClient::applyPage(const protocol::PullResponse &page)
{
    // Families moved to another practitioner: this device's changes to them were pushed before
    // this pull (and any still pending stay in the outbox, to be sent); their records go.
    if (!page.removed.isEmpty()) {
        if (const auto dropped = m_store->dropFamilies(page.removed); !dropped) {
            finish(false, dropped.error().code, dropped.error().message);
            return;
        }
    }
    // One request in flight ahead: the next page travels (on Qt's network thread) while this
    // one is applied here. Its answer is read only once this function has returned to the event
    // loop, so pages are still applied in order, each after the one before is committed.
    const bool more = page.more && !page.changes.isEmpty();
    QNetworkReply *ahead = more ? sendPull(page.cursor, {}, nextPullLimit()) : nullptr;
    if (ahead)
        receivePage(ahead);
    // The page and the cursor are committed together: an interruption before this line leaves
    // the old cursor, and the same page comes again next time (the page read ahead is dropped).
    // The last page also records the run's end: one commit instead of two.
    const std::optional<QDateTime> syncedAt =
        more ? std::nullopt
             : std::optional<QDateTime>(QDateTime::fromMSecsSinceEpoch(m_millisNow(), Qt::UTC));
    if (const auto applied = m_store->applyPulled(page.changes, page.cursor, page.settings, page.fields,
                                                  page.payloadTexts, syncedAt);
        !applied) {
        abandon(ahead);
        finish(false, applied.error().code, applied.error().message);
        return;
    }
    m_pulled += page.changes.size();
    m_syncedAtSaved = syncedAt.has_value();
    if (!more)
        finish(true, {}, {});
}

void SyncClient::finish(bool ok, const QString &code, const QString &message)
{
    m_errorString = message;
    if (ok && !m_syncedAtSaved) {
        if (const auto saved =
                m_store->setLastSyncedAt(QDateTime::fromMSecsSinceEpoch(m_millisNow(), Qt::UTC));
            !saved) {
            m_errorString = saved.error().message;
            setState(State::Error);
            Q_EMIT syncFinished(false, saved.error().code, m_errorString, m_pushed, m_rejected, m_pulled);
            return;
        }
    }
    if (ok) {
        setState(State::Idle);
    } else if (code == QLatin1String("revoked")) {
        setState(State::Revoked);
        Q_EMIT deviceRevoked();
    } else {
        setState(code == QLatin1String("offline") ? State::Offline : State::Error);
    }
    Q_EMIT syncFinished(ok, code, message, m_pushed, m_rejected, m_pulled);
}

} // namespace doorstep::sync
