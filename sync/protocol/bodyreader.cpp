#include "bodyreader.h"

#include "strictjson.h"

#include "core/hlc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <array>

namespace doorstep::protocol {

namespace {

// A change's members, as Change::fromJson names them.
enum Member { ChangeId, DeviceId, DeviceSeq, EntityName, EntityId, FamilyId, Hlc, Payload, MemberCount };
constexpr std::array<QByteArrayView, MemberCount> memberNames{"changeId", "deviceId", "deviceSeq", "entity",
                                                              "entityId", "familyId", "hlc",       "payload"};

template<std::size_t N> int indexIn(const std::array<QByteArrayView, N> &names, QByteArrayView key)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == key)
            return int(i);
    }
    return -1;
}

// A string value of printable ASCII with no escapes, not empty: its text between the quotes.
std::optional<QString> plainText(QByteArrayView value)
{
    StrictJson json(value);
    QByteArrayView text;
    if (!json.plainString(&text) || !json.atEnd() || text.isEmpty())
        return std::nullopt;
    return QString::fromLatin1(text);
}

// A whole number from 1 to 10^15 - 1, written plainly: exact in a JSON double, as
// Change::fromJson requires of "deviceSeq".
std::optional<qint64> countingNumber(QByteArrayView value)
{
    if (value.isEmpty() || value.size() > 15 || value.front() < '1' || value.front() > '9')
        return std::nullopt;
    qint64 number = 0;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return std::nullopt;
        number = number * 10 + (c - '0');
    }
    return number;
}

// A new append-only record's change, from its members' texts; nullopt when it is anything else.
std::optional<Change> quickChange(const std::array<QByteArrayView, MemberCount> &members)
{
    Change change;
    QString *const texts[MemberCount] = {&change.changeId, &change.deviceId, nullptr,     &change.entity,
                                         &change.entityId, &change.familyId, &change.hlc, nullptr};
    for (int member = 0; member < MemberCount; ++member) {
        if (!texts[member])
            continue;
        std::optional<QString> text = plainText(members[member]);
        if (!text)
            return std::nullopt;
        *texts[member] = std::move(*text);
    }
    const std::optional<qint64> seq = countingNumber(members[DeviceSeq]);
    if (!seq || !members[Payload].startsWith('{') || !Entity::isAppendOnly(change.entity) ||
        !HlcTimestamp::decode(change.hlc))
        return std::nullopt;
    change.deviceSeq = *seq;
    return change;
}

struct ReadChanges
{
    QList<Change> changes;
    QList<QByteArray> payloadTexts;
    WrittenFieldsById fields;
    QSet<QString> ids; // a change id twice is refused by the full way
};

// The element of "changes" at the reader's position, `index` in the list, in `body`.
bool readChange(StrictJson &json, QByteArrayView body, qsizetype index, ReadChanges &read)
{
    if (!json.peek('{'))
        return false;
    const qsizetype start = json.position();
    json.take('{');
    std::array<QByteArrayView, MemberCount> members;
    bool onlyMembers = true; // no "fields", nothing unknown
    do {
        QByteArrayView key;
        QByteArrayView value;
        if (!json.plainString(&key) || !json.take(':') || !json.value(&value))
            return false; // an escaped key: the full way reads it as it reads every key
        const int member = indexIn(memberNames, key);
        if (member < 0) {
            onlyMembers = false;
            continue;
        }
        if (!members[member].isNull())
            return false; // QJsonDocument keeps the last of two; changePayloadTexts finds none
        members[member] = value;
    } while (json.take(','));
    if (!json.take('}'))
        return false;

    std::optional<Change> change;
    if (onlyMembers &&
        std::none_of(members.begin(), members.end(), [](QByteArrayView v) { return v.isNull(); }))
        change = quickChange(members);
    if (!change) {
        // Decoded as the full way decodes it, from its own text: the same values and, for a
        // mutable record, its payload object and "fields".
        const QByteArray object = body.sliced(start, json.position() - start).toByteArray();
        auto decoded = changeFromJson(QJsonDocument::fromJson(object).object(), index, &read.fields);
        if (!decoded || members[Payload].isNull())
            return false;
        change = std::move(decoded).value();
    }
    if (read.ids.contains(change->changeId))
        return false;
    read.ids.insert(change->changeId);
    read.changes.append(std::move(*change));
    read.payloadTexts.append(members[Payload].toByteArray());
    return true;
}

// A "changes" list, of at most `limit` changes.
bool readChanges(StrictJson &json, QByteArrayView body, qsizetype limit, ReadChanges &read)
{
    if (!json.take('['))
        return false;
    if (json.take(']'))
        return true;
    do {
        if (read.changes.size() == limit || !readChange(json, body, read.changes.size(), read))
            return false;
    } while (json.take(','));
    return json.take(']');
}

// A pull answer's members, as PullResponse::fromJson names them.
enum AnswerMember { AnswerChanges, Cursor, More, Settings, Removed, Added, AnswerMemberCount };
constexpr std::array<QByteArrayView, AnswerMemberCount> answerMemberNames{"changes",  "cursor",  "more",
                                                                          "settings", "removed", "added"};

// A list of family ids, as PullResponse::fromJson takes it.
std::optional<QStringList> familyIds(QByteArrayView value)
{
    if (!value.startsWith('['))
        return std::nullopt;
    QStringList ids;
    for (const QJsonValue &id : QJsonDocument::fromJson(value.toByteArray()).array()) {
        if (!id.isString() || id.toString().isEmpty())
            return std::nullopt;
        ids.append(id.toString());
    }
    return ids;
}

} // namespace

std::optional<PushBody> readPushBody(const QByteArray &body)
{
    StrictJson json(body);
    QByteArrayView key;
    ReadChanges read;
    if (!json.take('{') || !json.plainString(&key) || key != QByteArrayView("changes") || !json.take(':') ||
        !readChanges(json, body, maxChangesPerPush, read) || !json.take('}') || !json.atEnd())
        return std::nullopt;
    return PushBody{PushRequest{std::move(read.changes), std::move(read.fields)},
                    std::move(read.payloadTexts)};
}

std::optional<PullResponse> readPullAnswer(const QByteArray &body)
{
    StrictJson json(body);
    if (!json.take('{'))
        return std::nullopt;
    PullResponse answer;
    ReadChanges read;
    unsigned seen = 0;
    do {
        QByteArrayView key;
        if (!json.plainString(&key) || !json.take(':'))
            return std::nullopt;
        const int member = indexIn(answerMemberNames, key);
        if (member < 0 || (seen & (1u << member)))
            return std::nullopt;
        seen |= 1u << member;
        if (member == AnswerChanges) {
            if (!readChanges(json, body, -1, read))
                return std::nullopt;
            continue;
        }
        QByteArrayView value;
        if (!json.value(&value))
            return std::nullopt;
        if (member == Cursor) {
            std::optional<QString> cursor = plainText(value);
            if (!cursor)
                return std::nullopt;
            answer.cursor = std::move(*cursor);
        } else if (member == More) {
            if (value != QByteArrayView("true") && value != QByteArrayView("false"))
                return std::nullopt;
            answer.more = value == QByteArrayView("true");
        } else if (member == Settings) {
            if (!value.startsWith('{'))
                return std::nullopt;
            auto settings = RuleSettings::fromJson(QJsonDocument::fromJson(value.toByteArray()).object());
            if (!settings)
                return std::nullopt;
            answer.settings = std::move(settings).value();
        } else {
            std::optional<QStringList> ids = familyIds(value);
            if (!ids)
                return std::nullopt;
            (member == Removed ? answer.removed : answer.added) = std::move(*ids);
        }
    } while (json.take(','));
    const unsigned needed = (1u << AnswerChanges) | (1u << Cursor) | (1u << More);
    if (!json.take('}') || !json.atEnd() || (seen & needed) != needed)
        return std::nullopt;
    answer.changes = std::move(read.changes);
    answer.fields = std::move(read.fields);
    answer.payloadTexts = std::move(read.payloadTexts);
    return answer;
}

} // namespace doorstep::protocol
