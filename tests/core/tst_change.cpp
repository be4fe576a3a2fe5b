// A change as it travels: entity kinds, JSON round trip, and refusal of bad shapes naming the field.
#include "core/change.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace doorstep;
using namespace Qt::StringLiterals;

namespace {

Change sample()
{
    Change c;
    c.changeId = u"3b241101-e2bb-4255-8caf-4136c566a962"_s;
    c.deviceId = u"device-1"_s;
    c.deviceSeq = 42;
    c.entity = Entity::Visit;
    c.entityId = u"visit-1"_s;
    c.familyId = u"family-1"_s;
    c.hlc = u"0001764075600123-00000002-device-1"_s;
    c.payload = QJsonObject{{u"id"_s, u"visit-1"_s}};
    return c;
}

} // namespace

class TestChange : public QObject
{
    Q_OBJECT

private slots:
    void entities_data()
    {
        QTest::addColumn<QString>("entity");
        QTest::addColumn<bool>("known");
        QTest::addColumn<bool>("appendOnly");
        QTest::newRow("family") << u"family"_s << true << false;
        QTest::newRow("family member") << u"family_member"_s << true << false;
        QTest::newRow("child") << u"child"_s << true << false;
        QTest::newRow("alert") << u"alert"_s << true << false;
        QTest::newRow("visit") << u"visit"_s << true << true;
        QTest::newRow("child views") << u"child_views"_s << true << true;
        QTest::newRow("advocate offer") << u"advocate_offer"_s << true << true;
        QTest::newRow("amendment") << u"amendment"_s << true << true;
        QTest::newRow("unknown") << u"note"_s << false << false;
        QTest::newRow("wrong case") << u"Visit"_s << false << false;
    }
    void entities()
    {
        QFETCH(QString, entity);
        QFETCH(bool, known);
        QFETCH(bool, appendOnly);
        QCOMPARE(Entity::isKnown(entity), known);
        QCOMPARE(Entity::isAppendOnly(entity), appendOnly);
    }

    void roundTrip()
    {
        const Change c = sample();
        const QJsonObject json = c.toJson();
        QCOMPARE(json.keys(), (QStringList{u"changeId"_s, u"deviceId"_s, u"deviceSeq"_s, u"entity"_s,
                                           u"entityId"_s, u"familyId"_s, u"hlc"_s, u"payload"_s}));
        const auto back = Change::fromJson(QJsonDocument::fromJson(QJsonDocument(json).toJson()).object());
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
        const Change &d = back.value();
        QCOMPARE(d.changeId, c.changeId);
        QCOMPARE(d.deviceId, c.deviceId);
        QCOMPARE(d.deviceSeq, c.deviceSeq);
        QCOMPARE(d.entity, c.entity);
        QCOMPARE(d.entityId, c.entityId);
        QCOMPARE(d.familyId, c.familyId);
        QCOMPARE(d.hlc, c.hlc);
        QCOMPARE(d.payload, c.payload);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value"); // undefined: remove the key
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown key") << u"extra"_s << QJsonValue(1) << u"extra"_s;
        QTest::newRow("missing changeId")
            << u"changeId"_s << QJsonValue(QJsonValue::Undefined) << u"changeId"_s;
        QTest::newRow("empty changeId") << u"changeId"_s << QJsonValue(u""_s) << u"changeId"_s;
        QTest::newRow("numeric deviceId") << u"deviceId"_s << QJsonValue(7) << u"deviceId"_s;
        QTest::newRow("empty entityId") << u"entityId"_s << QJsonValue(u""_s) << u"entityId"_s;
        QTest::newRow("empty familyId") << u"familyId"_s << QJsonValue(u""_s) << u"familyId"_s;
        // Half of a character: it would not come back from the database as the same id.
        QTest::newRow("lone surrogate in changeId")
            << u"changeId"_s << QJsonValue(u"change-"_s + QChar(0xD800)) << u"changeId"_s;
        QTest::newRow("lone surrogate in entityId")
            << u"entityId"_s << QJsonValue(QString(QChar(0xDC00)) + u"-visit"_s) << u"entityId"_s;
        QTest::newRow("unknown entity") << u"entity"_s << QJsonValue(u"note"_s) << u"entity"_s;
        QTest::newRow("deviceSeq zero") << u"deviceSeq"_s << QJsonValue(0) << u"deviceSeq"_s;
        QTest::newRow("deviceSeq negative") << u"deviceSeq"_s << QJsonValue(-3) << u"deviceSeq"_s;
        QTest::newRow("deviceSeq fraction") << u"deviceSeq"_s << QJsonValue(1.5) << u"deviceSeq"_s;
        QTest::newRow("deviceSeq string") << u"deviceSeq"_s << QJsonValue(u"1"_s) << u"deviceSeq"_s;
        QTest::newRow("missing deviceSeq")
            << u"deviceSeq"_s << QJsonValue(QJsonValue::Undefined) << u"deviceSeq"_s;
        QTest::newRow("bad hlc") << u"hlc"_s << QJsonValue(u"yesterday"_s) << u"hlc"_s;
        QTest::newRow("upper-case hlc")
            << u"hlc"_s << QJsonValue(u"0001764075600123-0000000A-device-1"_s) << u"hlc"_s;
        QTest::newRow("payload array") << u"payload"_s << QJsonValue(QJsonArray()) << u"payload"_s;
        QTest::newRow("missing payload") << u"payload"_s << QJsonValue(QJsonValue::Undefined) << u"payload"_s;
    }
    void refusals()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, field);
        QJsonObject json = sample().toJson();
        if (value.isUndefined())
            json.remove(key);
        else
            json.insert(key, value);
        const auto c = Change::fromJson(json);
        QVERIFY(!c.ok());
        QCOMPARE(c.error().field, field);
        QCOMPARE(c.error().code, u"invalid"_s);
        QVERIFY(!c.error().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestChange)
#include "tst_change.moc"
