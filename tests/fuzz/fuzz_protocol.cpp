// libFuzzer target: the sync protocol decoder. Any bytes a network peer can send are parsed as
// JSON and given to every message decoder of sync/protocol (both directions: the server decodes
// requests, the device decodes answers and error bodies). A decoded message is encoded and
// decoded again, which must succeed and give the same JSON: the decoders accept only what the
// encoders write. And where a push or pull body decodes, the payload texts found in it (kept as
// received by the server and the device) must read as the very payloads that were checked.
// What the server and the device read straight from a push or pull body's text (bodyreader.h)
// must be what the full way reads.
// A push body written as text (protocol::pushBody, from the parsed changes or from their
// payloads' texts as the outbox stores them) must be the body PushRequest::toJson() makes.
#include "core/change.h"
#include "sync/protocol/bodyreader.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/payloadtexts.h"
#include "sync/protocol/pushbody.h"

#include "tests/support/changesjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdlib>

using namespace doorstep;
using namespace doorstep::protocol;

namespace {

template<typename Message> void roundTrip(const QJsonObject &json)
{
    const auto decoded = Message::fromJson(json);
    if (!decoded)
        return;
    const QJsonObject again = decoded.value().toJson();
    const auto redecoded = Message::fromJson(again);
    if (!redecoded || redecoded.value().toJson() != again)
        std::abort(); // a message this code wrote is not read back as written
}

template<typename Message> void payloadTextsMatch(const QByteArray &bytes, const QJsonObject &json)
{
    const auto decoded = Message::fromJson(json);
    if (!decoded)
        return;
    const auto texts = changePayloadTexts(bytes);
    if (!texts)
        return; // not found: the parsed payloads are encoded instead
    const QList<Change> &changes = decoded.value().changes;
    if (texts->size() != changes.size())
        std::abort();
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const QJsonDocument text = QJsonDocument::fromJson(texts->at(i));
        if (!text.isObject() || text.object() != changes.at(i).payload)
            std::abort(); // the stored text would say something other than what was checked
    }
}

void pushBodyMatches(const QJsonObject &json)
{
    const auto decoded = PushRequest::fromJson(json);
    if (!decoded)
        return;
    const PushRequest &request = decoded.value();
    const QByteArray expected = QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact);
    QList<PushItem> items;
    for (const Change &change : request.changes) {
        PushItem item{change, QJsonDocument(change.payload).toJson(QJsonDocument::Compact), {}};
        if (const auto it = request.fields.constFind(change.changeId); it != request.fields.constEnd())
            item.fieldsText = QJsonDocument(*it).toJson(QJsonDocument::Compact);
        items.append(item);
    }
    if (pushBody(request.changes, request.fields) != expected || pushBody(items) != expected)
        std::abort(); // the text body would say something other than the request
}

// What the body readers (bodyreader.h) read from any bytes is what the full way reads from them.
void bodyReadersMatch(const QByteArray &bytes)
{
    const QJsonObject parsed = QJsonDocument::fromJson(bytes).object();
    if (const std::optional<PushBody> read = readPushBody(bytes)) {
        const auto full = PushRequest::fromJson(parsed);
        if (!full || changePayloadTexts(bytes) != std::optional(read->payloadTexts) ||
            test::readChangesJson(read->request.changes, read->payloadTexts) !=
                test::changesJson(full.value().changes) ||
            read->request.fields != full.value().fields)
            std::abort(); // read quickly, but the full way refuses it or reads it otherwise
    }
    if (const std::optional<PullResponse> read = readPullAnswer(bytes)) {
        const auto full = PullResponse::fromJson(parsed);
        if (!full || changePayloadTexts(bytes) != std::optional(read->payloadTexts) ||
            test::readChangesJson(read->changes, read->payloadTexts) !=
                test::changesJson(full.value().changes) ||
            read->fields != full.value().fields || read->cursor != full.value().cursor ||
            read->more != full.value().more || read->removed != full.value().removed ||
            read->added != full.value().added ||
            read->settings.has_value() != full.value().settings.has_value() ||
            (read->settings && read->settings->toJson() != full.value().settings->toJson()))
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    // An error body is decoded from raw bytes, whatever they are.
    (void)errorFromBody(bytes, 400);
    bodyReadersMatch(bytes);
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (!document.isObject())
        return 0;
    const QJsonObject json = document.object();
    roundTrip<EnrolRequest>(json);
    roundTrip<EnrolResponse>(json);
    roundTrip<PushRequest>(json);
    roundTrip<PushResponse>(json);
    roundTrip<PullResponse>(json);
    roundTrip<Change>(json);
    payloadTextsMatch<PushRequest>(bytes, json);
    payloadTextsMatch<PullResponse>(bytes, json);
    pushBodyMatches(json);
    return 0;
}
