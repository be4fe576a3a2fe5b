// What the server reads of a pushed record before storing it (recordref.h): read from the
// payload's text as the device sent it, the answer and the error are those of the codec's
// reading of the payload's object, for records of every kind, for payloads the codec refuses,
// and for texts of an unusual shape.
#include "core/change.h"
#include "core/recordcodec.h"
#include "sync/server/recordref.h"

#include <QJsonDocument>
#include <QTest>

using namespace doorstep;
using namespace doorstep::server;
using namespace Qt::StringLiterals;

namespace {

QJsonObject visitJson()
{
    Visit visit;
    visit.id = u"visit-1"_s;
    visit.familyId = u"family-1"_s;
    visit.practitionerId = u"user-1"_s;
    visit.occurredAt = QDateTime(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC);
    visit.children = {VisitChild{u"child-1"_s, true, false}};
    visit.present = u"Test Parent One and baby"_s;
    visit.observations = u"Synthetic observation."_s;
    visit.signedOffAt = visit.occurredAt;
    return toJson(visit);
}

QJsonObject viewsJson()
{
    ChildViews views;
    views.id = u"views-1"_s;
    views.visitId = u"visit-1"_s;
    views.childId = u"child-1"_s;
    views.presentation = u"Settled, made eye contact."_s;
    views.recordedAt = QDateTime(QDate(2026, 11, 20), QTime(10, 30), Qt::UTC);
    return toJson(views);
}

QJsonObject familyJson()
{
    Family family;
    family.id = u"family-1"_s;
    family.teamId = u"team-1"_s;
    family.practitionerId = u"user-1"_s;
    family.label = u"Test Family One"_s;
    family.postcode = u"ZZ99 9ZZ"_s;
    return toJson(family);
}

QJsonObject amendmentJson()
{
    Amendment amendment;
    amendment.id = u"amendment-1"_s;
    amendment.targetKind = Entity::Visit;
    amendment.targetId = u"visit-1"_s;
    amendment.authorId = u"user-1"_s;
    amendment.madeAt = QDateTime(QDate(2026, 11, 21), QTime(9, 0), Qt::UTC);
    amendment.reason = u"Typing error."_s;
    amendment.correction = u"Seen alone."_s;
    return toJson(amendment);
}

QJsonObject with(QJsonObject json, const QString &key, const QJsonValue &value)
{
    json.insert(key, value);
    return json;
}

} // namespace

class TestRecordRef : public QObject
{
    Q_OBJECT

private slots:
    void readFromTheTextAsFromTheObject_data()
    {
        QTest::addColumn<QString>("entity");
        QTest::addColumn<QByteArray>("text");
        const auto compact = [](const QJsonObject &json) {
            return QJsonDocument(json).toJson(QJsonDocument::Compact);
        };
        QTest::addRow("visit") << Entity::Visit << compact(visitJson());
        QTest::addRow("views") << Entity::ChildViews << compact(viewsJson());
        QTest::addRow("family") << Entity::Family << compact(familyJson());
        QTest::addRow("amendment") << Entity::Amendment << compact(amendmentJson());
        QTest::addRow("visit, indented") << Entity::Visit << QJsonDocument(visitJson()).toJson();
        QTest::addRow("visit, escaped text")
            << Entity::Visit
            << compact(with(visitJson(), u"present"_s, u"Test \"Parent\" \u00e9\n\t\u2028"_s));
        QTest::addRow("visit, unknown outcome")
            << Entity::Visit << compact(with(visitJson(), u"outcome"_s, u"vanished"_s));
        QTest::addRow("visit, unknown field") << Entity::Visit << compact(with(visitJson(), u"extra"_s, 1));
        QTest::addRow("visit, no id") << Entity::Visit << compact(with(visitJson(), u"id"_s, u""_s));
        QTest::addRow("visit, number for text")
            << Entity::Visit << compact(with(visitJson(), u"observations"_s, 12));
        QTest::addRow("views, no visit")
            << Entity::ChildViews << compact(with(viewsJson(), u"visitId"_s, u""_s));
        QTest::addRow("family, bad postcode type")
            << Entity::Family << compact(with(familyJson(), u"postcode"_s, true));
        QTest::addRow("visit as views") << Entity::ChildViews << compact(visitJson());
        QTest::addRow("unknown kind") << u"diary"_s << compact(visitJson());
    }

    void readFromTheTextAsFromTheObject()
    {
        QFETCH(QString, entity);
        QFETCH(QByteArray, text);
        const QJsonObject payload = QJsonDocument::fromJson(text).object();
        StoredRecordDecoder decoder;
        const Result<RecordRef> fromText = describeRecord(entity, text, decoder);
        const Result<RecordRef> fromObject = describeRecord(entity, payload);
        QCOMPARE(fromText.ok(), fromObject.ok());
        if (!fromObject.ok()) {
            QCOMPARE(fromText.error().code, fromObject.error().code);
            QCOMPARE(fromText.error().message, fromObject.error().message);
            QCOMPARE(fromText.error().field, fromObject.error().field);
            return;
        }
        const RecordRef &a = fromText.value();
        const RecordRef &b = fromObject.value();
        QVERIFY(!b.id.isEmpty());
        QCOMPARE(a.id, b.id);
        QCOMPARE(a.familyId, b.familyId);
        QCOMPARE(a.parentEntity, b.parentEntity);
        QCOMPARE(a.parentId, b.parentId);
        QCOMPARE(a.parentField, b.parentField);
        QCOMPARE(a.family.has_value(), b.family.has_value());
        if (b.family)
            QCOMPARE(toJson(*a.family), toJson(*b.family));
    }

    // One decoder serves a whole push: records read one after another keep their own values.
    void oneDecoderForManyRecords()
    {
        StoredRecordDecoder decoder;
        for (int i = 0; i < 3; ++i) {
            const QJsonObject payload = with(visitJson(), u"id"_s, u"visit-%1"_s.arg(i));
            const Result<RecordRef> ref =
                describeRecord(Entity::Visit, QJsonDocument(payload).toJson(QJsonDocument::Compact), decoder);
            QVERIFY(ref.ok());
            QCOMPARE(ref.value().id, u"visit-%1"_s.arg(i));
            QCOMPARE(ref.value().familyId, u"family-1"_s);
        }
    }
};

QTEST_GUILESS_MAIN(TestRecordRef)
#include "tst_recordref.moc"
