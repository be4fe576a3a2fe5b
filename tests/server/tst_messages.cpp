// The protocol's JSON messages: round trips, and refusals of unknown keys and wrong types that
// name the item (for changes, the index and the change id).
#include "sync/protocol/flagsbody.h"
#include "sync/protocol/jsonstring.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/payloadtexts.h"
#include "sync/protocol/pushbody.h"

#include "core/flagjson.h"
#include "core/hlc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace doorstep;
using namespace doorstep::protocol;

namespace {

Change testChange(int n)
{
    Change c;
    c.changeId = u"change-%1"_s.arg(n);
    c.deviceId = u"device-test"_s;
    c.deviceSeq = n;
    c.entity = Entity::FamilyMember;
    c.entityId = u"member-%1"_s.arg(n);
    c.familyId = u"family-test"_s;
    c.hlc = HlcTimestamp{1'774'000'000'000 + n, 0, u"device-test"_s}.encode();
    c.payload = QJsonObject{{u"id"_s, c.entityId}};
    return c;
}

// Text no ordinary record holds, but a note could: JSON's specials, every control character,
// non-Latin text, an emoji (a surrogate pair) and the edges of UTF-8's byte lengths.
QString awkwardText()
{
    QString text = u"Quote \" backslash \\ slash / Zo\u00eb \u00c5ngstr\u00f6m \u65e5\u672c\u8a9e "
                   u"\u0627\u0644\u0639\u0631\u0628\u064a\u0629 \U0001F476 \u007f\u0080\u07ff\u0800"
                   u"\uffff end"_s;
    for (char16_t c = 0; c < 0x20; ++c)
        text += QChar(c);
    return text;
}

// A change whose every string and payload holds awkward text; a mutable one carries "fields".
Change awkwardChange(int n, const QString &entity)
{
    Change c = testChange(n);
    c.entity = entity;
    c.changeId += u" \"\\\n"_s;
    c.familyId = awkwardText();
    c.payload =
        QJsonObject{{u"id"_s, c.entityId},
                    {u"note"_s, awkwardText()},
                    {u"nested"_s, QJsonObject{{u"list"_s, QJsonArray{1, 2.5, -3e-7, true, QJsonValue()}},
                                              {awkwardText(), u"key with escapes"_s}}},
                    {u"big"_s, 9007199254740991.0},
                    {u"empty"_s, QString()}};
    return c;
}

} // namespace

class TestMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void enrolRequestRoundTrip()
    {
        EnrolRequest request{u"ABCD-EFGH-JKLM-NPQR"_s, u"device-test"_s, QByteArray(32, '\x07'),
                             u"Test Tablet"_s};
        const QJsonObject json = request.toJson();
        QCOMPARE(json.value(u"devicePublicKey"_s).toString(),
                 QString::fromLatin1(QByteArray(32, '\x07').toBase64()));
        const auto decoded = EnrolRequest::fromJson(json);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().code, request.code);
        QCOMPARE(decoded.value().devicePublicKey, request.devicePublicKey);
        QCOMPARE(decoded.value().deviceName, request.deviceName);
    }

    void enrolRequestRefusals_data()
    {
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<QString>("item");
        const QJsonObject good = EnrolRequest{u"CODE"_s, u"dev"_s, QByteArray(32, 'k'), u"Tab"_s}.toJson();
        QJsonObject unknown = good;
        unknown.insert(u"pin"_s, u"1234"_s);
        QJsonObject wrongType = good;
        wrongType.insert(u"code"_s, 42);
        QJsonObject shortKey = good;
        shortKey.insert(u"devicePublicKey"_s, QString::fromLatin1(QByteArray(31, 'k').toBase64()));
        QJsonObject missing = good;
        missing.remove(u"deviceId"_s);
        QTest::newRow("unknown key") << unknown << u"pin"_s;
        QTest::newRow("wrong type") << wrongType << u"code"_s;
        QTest::newRow("short key") << shortKey << u"devicePublicKey"_s;
        QTest::newRow("missing") << missing << u"deviceId"_s;
    }

    void enrolRequestRefusals()
    {
        QFETCH(QJsonObject, json);
        QFETCH(QString, item);
        const auto decoded = EnrolRequest::fromJson(json);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().field, item);
        QVERIFY(decoded.error().message.contains(item));
    }

    void enrolResponseRole()
    {
        EnrolResponse response{u"dev"_s, u"user"_s, u"Test User"_s, Role::Supervisor, u"team"_s};
        const QJsonObject json = response.toJson();
        QCOMPARE(json.value(u"role"_s).toString(), u"supervisor"_s);
        const auto decoded = EnrolResponse::fromJson(json);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().role, Role::Supervisor);

        QJsonObject badRole = json;
        badRole.insert(u"role"_s, u"boss"_s);
        QCOMPARE(EnrolResponse::fromJson(badRole).error().field, u"role"_s);
    }

    void pushRequestRoundTrip()
    {
        PushRequest request{{testChange(1), testChange(2)}};
        const auto decoded = PushRequest::fromJson(request.toJson());
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().changes.size(), 2);
        QCOMPARE(decoded.value().changes.at(1).changeId, u"change-2"_s);
        QCOMPARE(decoded.value().changes.at(1).payload, testChange(2).payload);
    }

    void pushRequestNamesTheBadChange()
    {
        QJsonArray changes{testChange(1).toJson(), testChange(2).toJson(), testChange(3).toJson()};
        QJsonObject bad = changes.at(2).toObject();
        bad.insert(u"colour"_s, u"blue"_s);
        changes.replace(2, bad);
        const auto unknownKey = PushRequest::fromJson(QJsonObject{{u"changes"_s, changes}});
        QVERIFY(!unknownKey.ok());
        QCOMPARE(unknownKey.error().field, u"changes[2].colour"_s);
        QVERIFY(unknownKey.error().message.contains(u"change-3"_s));

        bad = testChange(4).toJson();
        bad.insert(u"deviceSeq"_s, u"four"_s);
        changes.replace(2, bad);
        const auto wrongType = PushRequest::fromJson(QJsonObject{{u"changes"_s, changes}});
        QVERIFY(!wrongType.ok());
        QCOMPARE(wrongType.error().field, u"changes[2].deviceSeq"_s);
        QVERIFY(wrongType.error().message.contains(u"change-4"_s));

        changes.replace(1, 7);
        QCOMPARE(PushRequest::fromJson(QJsonObject{{u"changes"_s, changes}}).error().field, u"changes[1]"_s);

        QCOMPARE(PushRequest::fromJson(QJsonObject{{u"changes"_s, changes}, {u"more"_s, true}}).error().field,
                 u"more"_s);
        QCOMPARE(PushRequest::fromJson(QJsonObject{{u"changes"_s, u"none"_s}}).error().field, u"changes"_s);
        QCOMPARE(PushRequest::fromJson(QJsonObject{}).error().field, u"changes"_s);

        // A change id stands once in a list: its "fields" are found by it.
        const QJsonArray twice{testChange(1).toJson(), testChange(2).toJson(), testChange(1).toJson()};
        const auto repeated = PushRequest::fromJson(QJsonObject{{u"changes"_s, twice}});
        QVERIFY(!repeated.ok());
        QCOMPARE(repeated.error().field, u"changes[2].changeId"_s);
        QVERIFY(repeated.error().message.contains(u"change-1"_s));
        QVERIFY(!PullResponse::fromJson(
                     QJsonObject{{u"changes"_s, twice}, {u"cursor"_s, u"1"_s}, {u"more"_s, false}})
                     .ok());
    }

    void pushRequestLimit()
    {
        QJsonArray changes;
        for (int i = 1; i <= maxChangesPerPush; ++i)
            changes.append(testChange(i).toJson());
        QVERIFY(PushRequest::fromJson(QJsonObject{{u"changes"_s, changes}}).ok());
        changes.append(testChange(maxChangesPerPush + 1).toJson());
        const auto tooMany = PushRequest::fromJson(QJsonObject{{u"changes"_s, changes}});
        QVERIFY(!tooMany.ok());
        QCOMPARE(tooMany.error().field, u"changes"_s);
    }

    void pushResponseRoundTrip()
    {
        PushResponse response;
        response.accepted = {u"a"_s, u"b"_s};
        response.rejected = {Rejection{u"c"_s, u"invalid"_s, u"Bad NHS number."_s, u"nhsNumber"_s}};
        const auto decoded = PushResponse::fromJson(response.toJson());
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().accepted, response.accepted);
        QCOMPARE(decoded.value().rejected.size(), 1);
        QCOMPARE(decoded.value().rejected.first().field, u"nhsNumber"_s);

        QJsonObject json = response.toJson();
        QJsonArray rejected = json.value(u"rejected"_s).toArray();
        QJsonObject first = rejected.first().toObject();
        first.insert(u"code"_s, 3);
        rejected.replace(0, first);
        json.insert(u"rejected"_s, rejected);
        QCOMPARE(PushResponse::fromJson(json).error().field, u"rejected[0].code"_s);
    }

    void pullResponseRoundTrip()
    {
        PullResponse response;
        response.changes = {testChange(1)};
        response.cursor = u"41"_s;
        response.more = true;
        RuleSettings settings;
        settings.newbornWindowDays = 50;
        response.settings = settings;
        const auto decoded = PullResponse::fromJson(response.toJson());
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().cursor, u"41"_s);
        QVERIFY(decoded.value().more);
        QVERIFY(decoded.value().settings.has_value());
        QCOMPARE(decoded.value().settings->newbornWindowDays, 50);

        QJsonObject json = response.toJson();
        json.insert(u"more"_s, u"yes"_s);
        QCOMPARE(PullResponse::fromJson(json).error().field, u"more"_s);
        json = response.toJson();
        json.insert(u"cursor"_s, 41);
        QCOMPARE(PullResponse::fromJson(json).error().field, u"cursor"_s);
        json = response.toJson();
        json.insert(u"settings"_s, QJsonObject{{u"bogus"_s, 1}});
        QVERIFY(PullResponse::fromJson(json).error().field.startsWith(u"settings"_s));
    }

    // What a mutable record's change wrote travels inside the change as "fields"; pull answers
    // name the families moved off and onto the caseload.
    void writtenFieldsAndMovesRoundTrip()
    {
        const QString base = testChange(1).hlc;
        PushRequest request{{testChange(1), testChange(2)}};
        request.fields.insert(u"change-2"_s, QJsonObject{{u"name"_s, base}, {u"relationship"_s, u""_s}});
        const QJsonObject json = request.toJson();
        QVERIFY(!json.value(u"changes"_s).toArray().at(0).toObject().contains(u"fields"_s));
        QCOMPARE(json.value(u"changes"_s)
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(u"fields"_s)
                     .toObject()
                     .value(u"name"_s),
                 QJsonValue(base));
        const auto decoded = PushRequest::fromJson(json);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().fields, request.fields);

        PullResponse response;
        response.changes = {testChange(3)};
        response.cursor = u"7"_s;
        response.fields.insert(u"change-3"_s, QJsonObject{{u"name"_s, u""_s}});
        response.removed = {u"family-gone"_s};
        response.added = {u"family-new"_s, u"family-other"_s};
        const auto pulled = PullResponse::fromJson(response.toJson());
        QVERIFY(pulled.ok());
        QCOMPARE(pulled.value().fields, response.fields);
        QCOMPARE(pulled.value().removed, response.removed);
        QCOMPARE(pulled.value().added, response.added);
        QJsonObject badMoves = response.toJson();
        badMoves.insert(u"removed"_s, QJsonArray{5});
        QCOMPARE(PullResponse::fromJson(badMoves).error().field, u"removed"_s);

        QJsonObject notClock = testChange(1).toJson();
        notClock.insert(u"fields"_s, QJsonObject{{u"name"_s, u"yesterday"_s}});
        QCOMPARE(PushRequest::fromJson(QJsonObject{{u"changes"_s, QJsonArray{notClock}}}).error().field,
                 u"changes[0].fields.name"_s);
        QJsonObject notObject = testChange(1).toJson();
        notObject.insert(u"fields"_s, QJsonArray{});
        QCOMPARE(PushRequest::fromJson(QJsonObject{{u"changes"_s, QJsonArray{notObject}}}).error().field,
                 u"changes[0].fields"_s);
    }

    void errorBodies()
    {
        const QJsonObject body =
            errorBody(makeError(u"revoked"_s, u"This device has been revoked."_s, u"x"_s));
        QCOMPARE(body.value(u"error"_s).toString(), u"revoked"_s);
        QCOMPARE(body.value(u"item"_s).toString(), u"x"_s);
        const Error back = errorFromBody(QJsonDocument(body).toJson(), 403);
        QCOMPARE(back.code, u"revoked"_s);
        QCOMPARE(back.message, u"This device has been revoked."_s);
        QCOMPARE(errorFromBody("<html>", 502).code, u"http_502"_s);
    }

    // Each payload's text as it stands in the body: it parses to the payload PushRequest::fromJson
    // read, whatever the spacing, key order, nesting or escapes in the body.
    void payloadTextsMatchTheParsedPayloads()
    {
        const QByteArray body = " { \"other\" : [1, {\"payload\": 2}, \"]}\"],\n"
                                " \"changes\" : [ {\"changeId\":\"a\",\"payload\" : "
                                "{\"id\":\"x\",\"note\":\"a \\\"quoted\\\" } ] text\",\n"
                                " \"list\":[1,2.5e3,true,null,{\"payload\":[]}]}, \"hlc\":\"h\"},\n"
                                " {\"payload\":{}}, {\"fields\":{\"payload\":\"no\"},\"payload\":{\"n\":-1}} "
                                "], \"after\": \"\\u0041\" } ";
        const auto texts = changePayloadTexts(body);
        QVERIFY(texts.has_value());
        const QJsonArray changes = QJsonDocument::fromJson(body).object().value(u"changes"_s).toArray();
        QCOMPARE(texts->size(), changes.size());
        for (qsizetype i = 0; i < changes.size(); ++i) {
            QJsonParseError error;
            const QJsonDocument text = QJsonDocument::fromJson(texts->at(i), &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(text.object(), changes.at(i).toObject().value(u"payload"_s).toObject());
        }
        // The client's and server's own bodies.
        PushRequest push{{testChange(1), testChange(2)}};
        const auto pushed = changePayloadTexts(QJsonDocument(push.toJson()).toJson(QJsonDocument::Compact));
        QVERIFY(pushed.has_value());
        QCOMPARE(pushed->size(), 2);
        QCOMPARE(QJsonDocument::fromJson(pushed->at(1)).object(), testChange(2).payload);
    }

    // The push body written as text, with the payload and "fields" texts as the outbox stores them
    // (QJsonDocument's compact form), is the very body PushRequest::toJson() makes: byte for byte,
    // so the server reads the same values.
    void pushBodyIsTheRequestsJson()
    {
        QList<Change> changes{awkwardChange(1, Entity::Visit), awkwardChange(2, Entity::Child),
                              awkwardChange(3, Entity::Amendment), testChange(4)};
        changes[2].deviceSeq = 9'007'199'254'740'992; // the largest a JSON number holds exactly
        WrittenFieldsById fields;
        fields.insert(changes.at(1).changeId, QJsonObject{{u"note"_s, u""_s}, {u"id"_s, changes.at(1).hlc}});
        fields.insert(changes.at(3).changeId, QJsonObject{});
        QList<PushItem> items;
        for (const Change &change : changes) {
            PushItem item{change, QJsonDocument(change.payload).toJson(QJsonDocument::Compact), {}};
            if (fields.contains(change.changeId))
                item.fieldsText = QJsonDocument(fields.value(change.changeId)).toJson(QJsonDocument::Compact);
            // What the writer reads is the text: a payload it must not look at.
            item.change.payload = QJsonObject{{u"unused"_s, true}};
            items.append(item);
        }
        const QByteArray expected =
            QJsonDocument(PushRequest{changes, fields}.toJson()).toJson(QJsonDocument::Compact);
        QCOMPARE(pushBody(items), expected);
        QCOMPARE(pushBody(changes, fields), expected);
        QCOMPARE(pushBody(QList<PushItem>{}),
                 QJsonDocument(PushRequest{}.toJson()).toJson(QJsonDocument::Compact));

        QJsonParseError error;
        const QJsonDocument parsed = QJsonDocument::fromJson(pushBody(items), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(parsed, QJsonDocument(PushRequest{changes, fields}.toJson()));
        const auto decoded = PushRequest::fromJson(parsed.object());
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().changes.size(), changes.size());
        for (qsizetype i = 0; i < changes.size(); ++i) {
            QCOMPARE(decoded.value().changes.at(i).toJson(), changes.at(i).toJson());
        }
        QCOMPARE(decoded.value().fields, fields);
    }

    // A stored text that is not an object is not spliced in: the parsed payload is written instead.
    void pushBodyWritesAPayloadThatIsNoObjectText()
    {
        const Change change = awkwardChange(1, Entity::Visit);
        const QByteArray expected =
            QJsonDocument(PushRequest{{change}}.toJson()).toJson(QJsonDocument::Compact);
        for (const QByteArray &text : {QByteArray(), QByteArray("[1]"), QByteArray("{"), QByteArray("null")})
            QCOMPARE(pushBody(QList<PushItem>{PushItem{change, text, {}}}), expected);
    }

    // Strings are escaped exactly as QJsonDocument escapes them, lone surrogates included.
    void jsonStringsAsQtWritesThem_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("awkward") << awkwardText();
        QTest::newRow("lone high surrogate") << QString(QChar(0xd83d)) + u"x"_s;
        QTest::newRow("lone low surrogate") << u"x"_s + QChar(0xdc76);
        QTest::newRow("high at the end") << u"x"_s + QChar(0xd83d);
        QTest::newRow("swapped pair") << QString(QChar(0xdc76)) + QChar(0xd83d);
        QString everyUnit;
        for (uint u = 1; u < 0x10000; u += 7)
            everyUnit += QChar(char16_t(u));
        QTest::newRow("every seventh unit") << everyUnit;
    }
    void jsonStringsAsQtWritesThem()
    {
        QFETCH(QString, text);
        QByteArray written;
        appendJsonString(written, text);
        QByteArray qt = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
        QCOMPARE(written, qt.mid(1, qt.size() - 2));
        QCOMPARE(QJsonDocument::fromJson("[" + written + "]").array().at(0).toString(), text);
    }

    // Anything not shaped as expected gives no texts (the caller encodes the parsed payloads).
    void payloadTextsRefuseOtherShapes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("no changes") << QByteArray("{\"cursor\":\"1\"}");
        QTest::newRow("two changes keys") << QByteArray("{\"changes\":[],\"changes\":[]}");
        QTest::newRow("a change without payload")
            << QByteArray("{\"changes\":[{\"payload\":{}},{\"id\":1}]}");
        QTest::newRow("a payload twice") << QByteArray("{\"changes\":[{\"payload\":{},\"payload\":{}}]}");
        QTest::newRow("an escaped key") << QByteArray("{\"changes\":[{\"pay\\u006coad\":{}}]}");
        QTest::newRow("escaped changes") << QByteArray("{\"chang\\u0065s\":[{\"payload\":{}}]}");
        QTest::newRow("cut short") << QByteArray("{\"changes\":[{\"payload\":{\"a\":\"b");
        QTest::newRow("trailing text") << QByteArray("{\"changes\":[]} x");
        QTest::newRow("not an object") << QByteArray("[{\"changes\":[]}]");
        QTest::newRow("empty") << QByteArray();
    }
    void payloadTextsRefuseOtherShapes()
    {
        QFETCH(QByteArray, body);
        QVERIFY(!changePayloadTexts(body).has_value());
    }

    // The /v1/flags answer written straight into its body has the bytes QJsonDocument writes for
    // the same flags: every kind and severity, awkward texts, a lone surrogate, empty ids, and
    // days overdue from negative to the largest int.
    void flagsBodyIsWhatQJsonDocumentWrites()
    {
        QCOMPARE(flagsBody({}), QJsonDocument(toJson(QList<Flag>{})).toJson(QJsonDocument::Compact));
        const QList<FlagKind> kinds{FlagKind::NewbornNoFaceToFace, FlagKind::WasNotBroughtPattern,
                                    FlagKind::ChildVoiceMissing,   FlagKind::AdvocateNotOffered,
                                    FlagKind::AlertReviewOverdue,  FlagKind::NewFamilyNoContact};
        const QList<FlagSeverity> severities{FlagSeverity::Info, FlagSeverity::Amber, FlagSeverity::Red};
        const QList<int> days{0, 1, 12, -3, std::numeric_limits<int>::max(), std::numeric_limits<int>::min()};
        QString loneSurrogate = u"before "_s;
        loneSurrogate += QChar(char16_t(0xd800));
        loneSurrogate += u" after"_s;
        QList<Flag> flags;
        for (qsizetype i = 0; i < 36; ++i) {
            Flag f;
            f.kind = kinds.at(i % kinds.size());
            f.severity = severities.at(i % severities.size());
            f.familyId = i % 4 == 0 ? QString() : u"family-%1"_s.arg(i);
            f.childId = i % 5 == 0 ? QString() : u"child-%1"_s.arg(i);
            f.subjectId = i % 7 == 0 ? awkwardText() : u"visit-%1"_s.arg(i);
            f.daysOverdue = days.at(i % days.size());
            f.reason = i % 3 == 0 ? awkwardText() : u"Born 1 November 2026 (%1 days old)"_s.arg(i);
            f.toClear = i % 6 == 1 ? loneSurrogate : u"Record a visit."_s;
            flags.append(f);
        }
        const QByteArray written = flagsBody(flags);
        QCOMPARE(written, QJsonDocument(toJson(flags)).toJson(QJsonDocument::Compact));
        QCOMPARE(QJsonDocument::fromJson(written).array().size(), flags.size());
    }
};

QTEST_GUILESS_MAIN(TestMessages)
#include "tst_messages.moc"
