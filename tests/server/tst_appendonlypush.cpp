// The server's quick reading of the usual push (sync/protocol/appendonlypush.h): what it reads is
// what PushRequest::fromJson and changePayloadTexts read from the same body, and whatever it does
// not read exactly so it leaves to them.
#include "sync/protocol/appendonlypush.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/payloadtexts.h"
#include "sync/protocol/pushbody.h"

#include "core/hlc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

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

// A change's object with one member replaced (or removed, for an undefined value), as text.
QByteArray bodyWith(const QString &key, const QJsonValue &value)
{
    QJsonObject change = visitChange(1).toJson();
    if (value.isUndefined())
        change.remove(key);
    else
        change.insert(key, value);
    return QJsonDocument(QJsonObject{{u"changes"_s, QJsonArray{change}}}).toJson(QJsonDocument::Compact);
}

// The client's own body (what SyncClient sends) of the changes.
QByteArray clientBody(const QList<Change> &changes)
{
    QList<PushItem> items;
    for (const Change &change : changes)
        items.append(PushItem{change, QJsonDocument(change.payload).toJson(QJsonDocument::Compact), {}});
    return pushBody(items);
}

} // namespace

class TestAppendOnlyPush : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Bodies read quickly, each checked against the full way.
    void readsAsTheFullWayDoes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("the client's body") << clientBody({visitChange(1), visitChange(2), visitChange(3)});
        QTest::newRow("no changes") << QByteArray("{\"changes\":[]}");
        QTest::newRow("QJsonDocument's indented form")
            << QJsonDocument(PushRequest{{visitChange(7)}, {}}.toJson()).toJson(QJsonDocument::Indented);
        QTest::newRow("spacing and member order")
            << QByteArray(" {\r\n \"changes\" : [ { \"payload\" : { \"id\" : \"v-1\" , \"n\" : [ ] } ,"
                          " \"hlc\" : \"") +
                   visitChange(1).hlc.toLatin1() +
                   QByteArray(
                       "\", \"familyId\":\"f\",\"entityId\":\"v-1\",\"entity\":\"child_views\","
                       "\"deviceSeq\": 900719925474099 ,\"deviceId\":\"d\",\"changeId\":\"c\"}\t] } \n");
        QTest::newRow("every kind of append-only record") << [] {
            QList<Change> changes;
            for (const QString &entity :
                 {Entity::Visit, Entity::ChildViews, Entity::AdvocateOffer, Entity::Amendment}) {
                Change change = visitChange(int(changes.size()) + 1);
                change.entity = entity;
                changes.append(change);
            }
            return clientBody(changes);
        }();
        QTest::newRow("numbers and words")
            << bodyWith(u"payload"_s, QJsonObject{{u"list"_s, QJsonArray{0, -0.5, 12.25, 1234567, true, false,
                                                                         QJsonValue(), QJsonArray{}}}});
    }
    void readsAsTheFullWayDoes()
    {
        QFETCH(QByteArray, body);
        const std::optional<AppendOnlyPush> quick = readAppendOnlyPush(body);
        QVERIFY(quick.has_value());
        const auto full = PushRequest::fromJson(QJsonDocument::fromJson(body).object());
        QVERIFY(full.ok());
        QVERIFY(full.value().fields.isEmpty());
        const auto texts = changePayloadTexts(body);
        QVERIFY(texts.has_value());
        QCOMPARE(quick->payloadTexts, *texts);
        QCOMPARE(quick->changes.size(), full.value().changes.size());
        for (qsizetype i = 0; i < quick->changes.size(); ++i) {
            const Change &a = quick->changes.at(i);
            const Change &b = full.value().changes.at(i);
            QCOMPARE(a.changeId, b.changeId);
            QCOMPARE(a.deviceId, b.deviceId);
            QCOMPARE(a.deviceSeq, b.deviceSeq);
            QCOMPARE(a.entity, b.entity);
            QCOMPARE(a.entityId, b.entityId);
            QCOMPARE(a.familyId, b.familyId);
            QCOMPARE(a.hlc, b.hlc);
            QVERIFY(a.payload.isEmpty()); // the text stands for it
            QCOMPARE(QJsonDocument::fromJson(quick->payloadTexts.at(i)).object(), b.payload);
        }
    }

    // Anything else goes the full way, which takes it or names what is wrong: mutable records,
    // "fields", escapes in a change's own strings, JSON QJsonDocument reads differently or
    // refuses, and every change Change::fromJson would refuse.
    void leavesTheRestToTheFullWay_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray good = clientBody({visitChange(1)});
        const auto replaced = [&](const QByteArray &from, const QByteArray &to) {
            QByteArray body = good;
            return body.replace(from, to);
        };
        QTest::newRow("a mutable record") << bodyWith(u"entity"_s, Entity::Child);
        QTest::newRow("an unknown kind") << bodyWith(u"entity"_s, u"diary"_s);
        QTest::newRow("fields") << bodyWith(u"fields"_s, QJsonObject{});
        QTest::newRow("an unknown member") << bodyWith(u"colour"_s, u"blue"_s);
        QTest::newRow("no hlc") << bodyWith(u"hlc"_s, QJsonValue(QJsonValue::Undefined));
        QTest::newRow("no payload") << bodyWith(u"payload"_s, QJsonValue(QJsonValue::Undefined));
        QTest::newRow("a bad hlc") << bodyWith(u"hlc"_s, u"yesterday"_s);
        QTest::newRow("an empty id") << bodyWith(u"changeId"_s, u""_s);
        QTest::newRow("a number for an id") << bodyWith(u"entityId"_s, 7);
        QTest::newRow("an escape in an id") << bodyWith(u"familyId"_s, u"fam\"ily"_s);
        QTest::newRow("non-ASCII in an id") << bodyWith(u"familyId"_s, u"fam\u00eflle"_s);
        QTest::newRow("a payload that is a list") << bodyWith(u"payload"_s, QJsonArray{});
        QTest::newRow("sequence 0") << bodyWith(u"deviceSeq"_s, 0);
        QTest::newRow("a negative sequence") << bodyWith(u"deviceSeq"_s, -3);
        QTest::newRow("a fraction of a sequence") << bodyWith(u"deviceSeq"_s, 2.5);
        QTest::newRow("a sequence as text") << bodyWith(u"deviceSeq"_s, u"7"_s);
        QTest::newRow("a sequence of 16 digits") << bodyWith(u"deviceSeq"_s, 1e15);
        QTest::newRow("a sequence written 1.0") << replaced("\"deviceSeq\":1,", "\"deviceSeq\":1.0,");
        QTest::newRow("a member twice") << replaced("\"deviceSeq\":1,", "\"deviceSeq\":1,\"deviceSeq\":1,");
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
    void leavesTheRestToTheFullWay()
    {
        QFETCH(QByteArray, body);
        QVERIFY(body != clientBody({visitChange(1)})); // each row changes the body that is read
        QVERIFY(!readAppendOnlyPush(body).has_value());
    }

    // The limit itself is read.
    void readsAFullPush()
    {
        QList<Change> changes;
        for (int i = 1; i <= maxChangesPerPush; ++i)
            changes.append(visitChange(i));
        const auto quick = readAppendOnlyPush(clientBody(changes));
        QVERIFY(quick.has_value());
        QCOMPARE(quick->changes.size(), maxChangesPerPush);
        QCOMPARE(quick->changes.last().changeId, changes.last().changeId);
        QCOMPARE(QJsonDocument::fromJson(quick->payloadTexts.last()).object(), changes.last().payload);
    }
};

QTEST_GUILESS_MAIN(TestAppendOnlyPush)
#include "tst_appendonlypush.moc"
