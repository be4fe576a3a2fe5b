// libFuzzer target: every import path of a record. Change payloads from other devices, pulled
// pages and the administrator's settings file reach core/recordcodec, core/rulesettings and
// core/hlc as JSON; each decoder is given the input, and a record it accepts must encode and
// decode to the same JSON. The reader of payload texts (core/storedrecorddecoder.h: the device's
// stored and pulled records, the server's pushed ones) must give, for any JSON object, the record
// or the error the codec gives.
#include "core/change.h"
#include "core/domain.h"
#include "core/hlc.h"
#include "core/recordcodec.h"
#include "core/rulesettings.h"
#include "core/storedrecorddecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdlib>

using namespace doorstep;

namespace {

template<typename Record>
void roundTrip(Result<Record> (*decode)(const QJsonObject &), const QJsonObject &json)
{
    const auto decoded = decode(json);
    if (!decoded)
        return;
    const QJsonObject again = toJson(decoded.value());
    const auto redecoded = decode(again);
    if (!redecoded || toJson(redecoded.value()) != again)
        std::abort();
}

// Every record of a caseload, encoded.
QJsonArray recordsOf(const Caseload &c)
{
    QJsonArray all;
    const auto append = [&all](const auto &records) {
        for (const auto &record : records)
            all.append(toJson(record));
    };
    append(c.families);
    append(c.members);
    append(c.children);
    append(c.visits);
    append(c.views);
    append(c.offers);
    append(c.alerts);
    append(c.amendments);
    return all;
}

void sameAsTheCodec(const QString &entity, const QByteArray &text, const QJsonObject &json)
{
    Caseload read;
    StoredRecordDecoder decoder;
    const Result<void> fromText = decoder.add(read, entity, text);
    Caseload decoded;
    const Result<void> fromObject = addToCaseload(decoded, entity, json);
    if (fromText.ok() != fromObject.ok())
        std::abort();
    if (!fromText.ok() && (fromText.error().message != fromObject.error().message ||
                           fromText.error().field != fromObject.error().field))
        std::abort();
    if (recordsOf(read) != recordsOf(decoded))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)HlcTimestamp::decode(QString::fromUtf8(bytes));
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (!document.isObject())
        return 0;
    const QJsonObject json = document.object();
    roundTrip(&familyFromJson, json);
    roundTrip(&familyMemberFromJson, json);
    roundTrip(&childFromJson, json);
    roundTrip(&visitFromJson, json);
    roundTrip(&childViewsFromJson, json);
    roundTrip(&advocateOfferFromJson, json);
    roundTrip(&alertFromJson, json);
    roundTrip(&amendmentFromJson, json);
    for (const QString &entity :
         {Entity::Family, Entity::FamilyMember, Entity::Child, Entity::Visit, Entity::ChildViews,
          Entity::AdvocateOffer, Entity::Alert, Entity::Amendment}) {
        sameAsTheCodec(entity, bytes, json);
    }
    if (const auto settings = RuleSettings::fromJson(json)) {
        // Compared as JSON: clang deletes RuleSettings' defaulted operator== (BirthPeriod's is
        // declared after it).
        const QJsonObject encoded = settings.value().toJson();
        const auto again = RuleSettings::fromJson(encoded);
        if (!again || again.value().toJson() != encoded)
            std::abort();
    }
    return 0;
}
