// Push bodies and pull answers read straight from their text (sync/protocol/bodyreader.h): what
// they read is what PushRequest::fromJson, PullResponse::fromJson and changePayloadTexts read
// from the same body, and whatever they do not read exactly so they leave to them.
#include "sync/protocol/bodyreader.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/payloadtexts.h"
#include "sync/protocol/pushbody.h"

#include "tests/support/changesjson.h"

#include "core/hlc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace doorstep;
using namespace doorstep::protocol;

namespace {

Change visitChange(int n)
{
    Change c;
    c.changeId = u"change-%1"_s.arg(n);
    c.deviceId = u"device-test"_s;
    c.deviceSeq = n;
    c.entity = Entity::Visit;
    c.entityId = u"visit-%1"_s.arg(n);
    c.familyId = u"family-test"_s;
    c.hlc = HlcTimestamp{1'774'000'000'000 + n, 0, u"device-test"_s}.encode();
    c.payload = QJsonObject{
        {u"id"_s, c.entityId},
        {u"observations"_s, u"Synthetic: Zo\u00eb \u65e5\u672c \U0001F476 said \"no\" \\ then\n\ttabbed"_s},
        {u"children"_s, QJsonArray{QJsonObject{{u"childId"_s, u"child-1"_s}, {u"seen"_s, true}}}},
        {u"minutes"_s, 42},
        {u"share"_s, -0.125},
        {u"concerns"_s, QJsonValue()},
        {u"empty"_s, QJsonObject{}},
    };
    return c;
}

// A family's change, which carries the fields it wrote.
Change familyChange(int n)
{
    Change c = visitChange(n);
    c.entity = Entity::Family;
    c.entityId = u"family-%1"_s.arg(n);
    c.payload = QJsonObject{{u"id"_s, c.entityId}, {u"label"_s, u"Synthetic family"_s}};
    return c;
}

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

// A push of one visit with one member replaced (or removed, for an undefined value).
QByteArray bodyWith(const QString &key, const QJsonValue &value)
{
    QJsonObject change = visitChange(1).toJson();
    if (value.isUndefined())
        change.remove(key);
    else
        change.insert(key, value);
    return compact(QJsonObject{{u"changes"_s, QJsonArray{change}}});
}

// The client's own body (what SyncClient sends) of the changes.
QByteArray clientBody(const QList<Change> &changes, const WrittenFieldsById &fields = {})
{
    QList<PushItem> items;
    for (const Change &change : changes) {
        const auto written = fields.constFind(change.changeId);
        items.append(PushItem{change, compact(change.payload),
                              written == fields.constEnd() ? QByteArray() : compact(*written)});
    }
    return pushBody(items);
}

// A pull answer as the server writes it.
QByteArray pullAnswer(const QList<Change> &changes, const WrittenFieldsById &fields = {})
{
    PullResponse answer{changes,           fields,        u"42"_s, true, {u"family-gone"_s},
                        {u"family-new"_s}, RuleSettings{}};
    return compact(answer.toJson());
}

} // namespace

class TestBodyReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsPushesAsTheFullWayDoes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("quick"); // how many changes are read without their payload object
        const QByteArray good = clientBody({visitChange(1)});
        const auto replaced = [&](const QByteArray &from, const QByteArray &to) {
            QByteArray body = good;
            return body.replace(from, to);
        };
        QTest::newRow("the client's body")
            << clientBody({visitChange(1), visitChange(2), visitChange(3)}) << 3;
        QTest::newRow("no changes") << QByteArray("{\"changes\":[]}") << 0;
        QTest::newRow("QJsonDocument's indented form")
            << QJsonDocument(PushRequest{{visitChange(7)}, {}}.toJson()).toJson(QJsonDocument::Indented) << 1;
        QTest::newRow("spacing and member order")
            << QByteArray(" {\r\n \"changes\" : [ { \"payload\" : { \"id\" : \"v-1\" , \"n\" : [ ] } ,"
                          " \"hlc\" : \"") +
                   visitChange(1).hlc.toLatin1() +
                   QByteArray(
                       "\", \"familyId\":\"f\",\"entityId\":\"v-1\",\"entity\":\"child_views\","
                       "\"deviceSeq\": 900719925474099 ,\"deviceId\":\"d\",\"changeId\":\"c\"}\t] } \n")
            << 1;
        QTest::newRow("every kind of append-only record") << [] {
            QList<Change> changes;
            for (const QString &entity :
                 {Entity::Visit, Entity::ChildViews, Entity::AdvocateOffer, Entity::Amendment}) {
                Change change = visitChange(int(changes.size()) + 1);
                change.entity = entity;
                changes.append(change);
            }
            return clientBody(changes);
        }() << 4;
        QTest::newRow("numbers and words")
            << bodyWith(u"payload"_s, QJsonObject{{u"list"_s, QJsonArray{0, -0.5, 12.25, 1234567, true, false,
                                                                         QJsonValue(), QJsonArray{}}}})
            << 1;
        // Read the full way, change by change: a mutable record, its "fields", escapes.
        const Change family = familyChange(2);
        QTest::newRow("a family with its fields, between visits")
            << clientBody({visitChange(1), family, visitChange(3)},
                          {{family.changeId, QJsonObject{{u"label"_s, family.hlc}}}})
            << 2;
        QTest::newRow("a child") << bodyWith(u"entity"_s, Entity::Child) << 0;
        QTest::newRow("an escape in an id") << bodyWith(u"familyId"_s, u"fam\"ily"_s) << 0;
        QTest::newRow("non-ASCII in an id") << bodyWith(u"familyId"_s, u"fam\u00eflle"_s) << 0;
        QTest::newRow("a sequence written 1.0") << replaced("\"deviceSeq\":1,", "\"deviceSeq\":1.0,") << 0;
        QTest::newRow("a sequence of 16 digits")
            << replaced("\"deviceSeq\":1,", "\"deviceSeq\":1000000000000000,") << 0;
    }
    void readsPushesAsTheFullWayDoes()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, quick);
        const std::optional<PushBody> read = readPushBody(body);
        QVERIFY(read.has_value());
        const auto full = PushRequest::fromJson(QJsonDocument::fromJson(body).object());
        QVERIFY(full.ok());
        QCOMPARE(read->payloadTexts, changePayloadTexts(body).value());
        QCOMPARE(test::readChangesJson(read->request.changes, read->payloadTexts),
                 test::changesJson(full.value().changes));
        QCOMPARE(read->request.fields, full.value().fields);
        QCOMPARE(std::count_if(read->request.changes.begin(), read->request.changes.end(),
                               [](const Change &change) { return change.payload.isEmpty(); }),
                 quick);
    }

    // Anything else goes the full way, which takes it or names what is wrong: every change
    // changeFromJson refuses, and JSON QJsonDocument reads differently or refuses.
    void leavesOtherPushesToTheFullWay_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray good = clientBody({visitChange(1)});
        const auto replaced = [&](const QByteArray &from, const QByteArray &to) {
            QByteArray body = good;
            return body.replace(from, to);
        };
        QTest::newRow("an unknown kind") << bodyWith(u"entity"_s, u"diary"_s);
        QTest::newRow("fields on a visit") << bodyWith(u"fields"_s, QJsonObject{});
        QTest::newRow("an unknown member") << bodyWith(u"colour"_s, u"blue"_s);
        QTest::newRow("no hlc") << bodyWith(u"hlc"_s, QJsonValue(QJsonValue::Undefined));
        QTest::newRow("no payload") << bodyWith(u"payload"_s, QJsonValue(QJsonValue::Undefined));
        QTest::newRow("a bad hlc") << bodyWith(u"hlc"_s, u"yesterday"_s);
        QTest::newRow("an empty id") << bodyWith(u"changeId"_s, u""_s);
        QTest::newRow("a number for an id") << bodyWith(u"entityId"_s, 7);
        QTest::newRow("a payload that is a list") << bodyWith(u"payload"_s, QJsonArray{});
        QTest::newRow("sequence 0") << bodyWith(u"deviceSeq"_s, 0);
        QTest::newRow("a negative sequence") << bodyWith(u"deviceSeq"_s, -3);
        QTest::newRow("a fraction of a sequence") << bodyWith(u"deviceSeq"_s, 2.5);
        QTest::newRow("a sequence as text") << bodyWith(u"deviceSeq"_s, u"7"_s);
        QTest::newRow("a member twice") << replaced("\"deviceSeq\":1,", "\"deviceSeq\":1,\"deviceSeq\":1,");
        QTest::newRow("a change twice") << clientBody({visitChange(1), visitChange(1)});
        QTest::newRow("an escaped key") << replaced("\"deviceSeq\"", "\"device\\u0053eq\"");
        QTest::newRow("a \\u escape") << replaced("Synthetic", "\\u0053ynthetic");
        QTest::newRow("an unknown escape") << replaced("Synthetic", "\\ynthetic");
        QTest::newRow("a raw control character") << replaced("Synthetic", "\x01ynthetic");
        QTest::newRow("an exponent") << replaced("\"minutes\":42", "\"minutes\":4.2e1");
        QTest::newRow("a number past a double") << replaced("\"minutes\":42", "\"minutes\":1e400");
        QTest::newRow("a long number") << replaced("\"minutes\":42", "\"minutes\":123456789012345678");
        QTest::newRow("a leading zero") << replaced("\"minutes\":42", "\"minutes\":042");
        QTest::newRow("a bare point") << replaced("\"minutes\":42", "\"minutes\":42.");
        QTest::newRow("a cut word") << replaced("\"seen\":true", "\"seen\":tru");
        QTest::newRow("an overlong character") << replaced("Synthetic", "\xc0\xafynthetic");
        QTest::newRow("an encoded surrogate") << replaced("Synthetic", "\xed\xa0\x80ynthetic");
        QTest::newRow("past U+10FFFF") << replaced("Synthetic", "\xf4\x90\x80\x80ynthetic");
        QTest::newRow("a cut character") << replaced("Synthetic", "\xe6\x97ynthetic");
        QTest::newRow("a trailing comma") << replaced("}]}", "},]}");
        QTest::newRow("text after the body") << good + " x";
        QTest::newRow("a byte-order mark") << "\xef\xbb\xbf" + good;
        QTest::newRow("cut short") << good.left(good.size() / 2);
        QTest::newRow("another top-level member") << replaced("{\"changes\"", "{\"more\":1,\"changes\"");
        QTest::newRow("changes twice") << replaced("]}", "],\"changes\":[]}");
        QTest::newRow("deep nesting")
            << replaced("\"empty\":{}", "\"empty\":" + QByteArray(20, '[') + QByteArray(20, ']'));
        QTest::newRow("too many changes") << [] {
            QList<Change> changes;
            for (int i = 1; i <= maxChangesPerPush + 1; ++i)
                changes.append(visitChange(i));
            return clientBody(changes);
        }();
        QTest::newRow("not an object") << QByteArray("[]");
        QTest::newRow("empty") << QByteArray();
    }
    void leavesOtherPushesToTheFullWay()
    {
        QFETCH(QByteArray, body);
        QVERIFY(body != clientBody({visitChange(1)})); // each row changes a body that is read
        QVERIFY(!readPushBody(body).has_value());
    }

    // The limit itself is read.
    void readsAFullPush()
    {
        QList<Change> changes;
        for (int i = 1; i <= maxChangesPerPush; ++i)
            changes.append(visitChange(i));
        const auto read = readPushBody(clientBody(changes));
        QVERIFY(read.has_value());
        QCOMPARE(read->request.changes.size(), maxChangesPerPush);
        QCOMPARE(read->request.changes.last().changeId, changes.last().changeId);
        QCOMPARE(QJsonDocument::fromJson(read->payloadTexts.last()).object(), changes.last().payload);
    }

    void readsPullAnswersAsTheFullWayDoes_data()
    {
        QTest::addColumn<QByteArray>("body");
        const Change family = familyChange(3);
        QTest::newRow("visits and a family, moves, settings") << pullAnswer(
            {visitChange(1), visitChange(2), family}, {{family.changeId, QJsonObject{{u"label"_s, u""_s}}}});
        QTest::newRow("the last, empty page") << QByteArray(
            "{\"changes\":[],\"cursor\":\"9\",\"more\":false,\"settings\":{\"newbornWindowDays\":56}}");
        QTest::newRow("without settings") << QByteArray("{\"more\":false,\"cursor\":\"9\",\"changes\":[]}");
    }
    void readsPullAnswersAsTheFullWayDoes()
    {
        QFETCH(QByteArray, body);
        const std::optional<PullResponse> read = readPullAnswer(body);
        QVERIFY(read.has_value());
        const auto full = PullResponse::fromJson(QJsonDocument::fromJson(body).object());
        QVERIFY(full.ok());
        QCOMPARE(read->payloadTexts, changePayloadTexts(body).value());
        QCOMPARE(test::readChangesJson(read->changes, read->payloadTexts),
                 test::changesJson(full.value().changes));
        QCOMPARE(read->fields, full.value().fields);
        QCOMPARE(read->cursor, full.value().cursor);
        QCOMPARE(read->more, full.value().more);
        QCOMPARE(read->removed, full.value().removed);
        QCOMPARE(read->added, full.value().added);
        QCOMPARE(read->settings.has_value(), full.value().settings.has_value());
        if (read->settings)
            QCOMPARE(read->settings->toJson(), full.value().settings->toJson());
    }

    void leavesOtherPullAnswersToTheFullWay_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray good = pullAnswer({visitChange(1)});
        const auto replaced = [&](const QByteArray &from, const QByteArray &to) {
            QByteArray body = good;
            return body.replace(from, to);
        };
        QTest::newRow("an unknown member") << replaced("\"more\":", "\"less\":1,\"more\":");
        QTest::newRow("a member twice") << replaced("\"more\":true", "\"more\":true,\"more\":true");
        QTest::newRow("no cursor") << replaced("\"cursor\":\"42\",", "");
        QTest::newRow("a number for the cursor") << replaced("\"cursor\":\"42\"", "\"cursor\":42");
        QTest::newRow("an empty cursor") << replaced("\"cursor\":\"42\"", "\"cursor\":\"\"");
        QTest::newRow("more as text") << replaced("\"more\":true", "\"more\":\"yes\"");
        QTest::newRow("no more") << replaced(",\"more\":true", "");
        QTest::newRow("settings as a list")
            << QByteArray("{\"changes\":[],\"cursor\":\"9\",\"more\":false,\"settings\":[]}");
        QTest::newRow("settings refused")
            << replaced("\"newbornWindowDays\":56", "\"newbornWindowDays\":\"x\"");
        QTest::newRow("an empty family id") << replaced("[\"family-gone\"]", "[\"\"]");
        QTest::newRow("a family id as a number") << replaced("[\"family-new\"]", "[7]");
        QTest::newRow("a change refused") << replaced("\"deviceSeq\":1,", "\"deviceSeq\":0,");
        QTest::newRow("a change twice") << pullAnswer({visitChange(1), familyChange(2), visitChange(1)});
        QTest::newRow("changes not a list") << QByteArray("{\"changes\":{},\"cursor\":\"9\",\"more\":false}");
    }
    void leavesOtherPullAnswersToTheFullWay()
    {
        QFETCH(QByteArray, body);
        QVERIFY(body != pullAnswer({visitChange(1)}));
        QVERIFY(readPullAnswer(pullAnswer({visitChange(1)})).has_value());
        QVERIFY(!readPullAnswer(body).has_value());
    }
};

QTEST_GUILESS_MAIN(TestBodyReader)
#include "tst_bodyreader.moc"
