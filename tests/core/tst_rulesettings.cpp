// Rule settings as JSON: defaults, round trip, and each refusal naming its key.
#include "core/rulesettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace doorstep;
using namespace Qt::StringLiterals;

namespace {

QJsonObject parse(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

class TestRuleSettings : public QObject
{
    Q_OBJECT

private slots:
    void defaultsAreDomainDefaults()
    {
        const RuleSettings s;
        QCOMPARE(s.newbornWindowDays, 56);
        QCOMPARE(s.newbornAmberFromDay, 10);
        QCOMPARE(s.newbornRedAfterDay, 14);
        QVERIFY(s.birthPeriods.isEmpty());
        QCOMPARE(s.wasNotBroughtCount, 2);
        QCOMPARE(s.wasNotBroughtWindowDays, 90);
        QCOMPARE(s.advocateOfferDays, 5);
        QCOMPARE(s.newFamilyContactDays, 28);
    }

    void emptyJsonGivesDefaults()
    {
        const auto s = RuleSettings::fromJson({});
        QVERIFY(s.ok());
        QCOMPARE(s.value(), RuleSettings());
    }

    void roundTrip()
    {
        RuleSettings s;
        s.newbornWindowDays = 60;
        s.newbornAmberFromDay = 7;
        s.newbornRedAfterDay = 12;
        s.birthPeriods = {BirthPeriod{QDate(2020, 3, 23), QDate(2020, 7, 4), u"First lockdown"_s},
                          BirthPeriod{QDate(2021, 1, 6), QDate(2021, 1, 6), u"One day"_s}};
        s.wasNotBroughtCount = 3;
        s.wasNotBroughtWindowDays = 120;
        s.advocateOfferDays = 3;
        s.newFamilyContactDays = 14;
        const QJsonObject json = s.toJson();
        QCOMPARE(json.value(u"newbornWindowDays"_s).toInt(), 60);
        QCOMPARE(json.value(u"birthPeriods"_s).toArray().at(0).toObject().value(u"from"_s).toString(),
                 u"2020-03-23"_s);
        QCOMPARE(json.value(u"birthPeriods"_s).toArray().at(0).toObject().value(u"label"_s).toString(),
                 u"First lockdown"_s);
        const auto back = RuleSettings::fromJson(json);
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
        QCOMPARE(back.value(), s);
        // Through text too, as it travels.
        const auto fromText =
            RuleSettings::fromJson(QJsonDocument::fromJson(QJsonDocument(json).toJson()).object());
        QVERIFY(fromText.ok());
        QCOMPARE(fromText.value(), s);
    }

    void partialJsonKeepsOtherDefaults()
    {
        const auto s = RuleSettings::fromJson(parse(u"{\"advocateOfferDays\": 7}"_s));
        QVERIFY(s.ok());
        QCOMPARE(s.value().advocateOfferDays, 7);
        QCOMPARE(s.value().newbornWindowDays, 56);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown key") << u"{\"newbornWindow\": 56}"_s << u"newbornWindow"_s;
        QTest::newRow("string number") << u"{\"newbornWindowDays\": \"56\"}"_s << u"newbornWindowDays"_s;
        QTest::newRow("fraction") << u"{\"advocateOfferDays\": 5.5}"_s << u"advocateOfferDays"_s;
        QTest::newRow("boolean") << u"{\"newFamilyContactDays\": true}"_s << u"newFamilyContactDays"_s;
        QTest::newRow("null") << u"{\"wasNotBroughtWindowDays\": null}"_s << u"wasNotBroughtWindowDays"_s;
        QTest::newRow("negative") << u"{\"newFamilyContactDays\": -1}"_s << u"newFamilyContactDays"_s;
        QTest::newRow("negative window")
            << u"{\"wasNotBroughtWindowDays\": -90}"_s << u"wasNotBroughtWindowDays"_s;
        QTest::newRow("zero count") << u"{\"wasNotBroughtCount\": 0}"_s << u"wasNotBroughtCount"_s;
        QTest::newRow("amber after red")
            << u"{\"newbornAmberFromDay\": 15, \"newbornRedAfterDay\": 14}"_s << u"newbornAmberFromDay"_s;
        QTest::newRow("window shorter than red")
            << u"{\"newbornWindowDays\": 13}"_s << u"newbornWindowDays"_s;
        QTest::newRow("periods not a list") << u"{\"birthPeriods\": {}}"_s << u"birthPeriods"_s;
        QTest::newRow("period not an object") << u"{\"birthPeriods\": [\"2020\"]}"_s << u"birthPeriods[0]"_s;
        QTest::newRow("period ends before it starts")
            << u"{\"birthPeriods\": [{\"from\": \"2020-07-04\", \"to\": \"2020-03-23\", \"label\": \"L\"}]}"_s
            << u"birthPeriods[0].from"_s;
        QTest::newRow("period bad date")
            << u"{\"birthPeriods\": [{\"from\": \"2020-02-30\", \"to\": \"2020-03-23\", \"label\": \"L\"}]}"_s
            << u"birthPeriods[0].from"_s;
        QTest::newRow("period date with time")
            << u"{\"birthPeriods\": [{\"from\": \"2020-02-01\", \"to\": \"2020-03-23T00:00\", "
               u"\"label\": \"L\"}]}"_s
            << u"birthPeriods[0].to"_s;
        QTest::newRow("period missing to")
            << u"{\"birthPeriods\": [{\"from\": \"2020-02-01\", \"label\": \"L\"}]}"_s
            << u"birthPeriods[0].to"_s;
        QTest::newRow("period without label")
            << u"{\"birthPeriods\": [{\"from\": \"2020-02-01\", \"to\": \"2020-03-23\"}]}"_s
            << u"birthPeriods[0].label"_s;
        QTest::newRow("second period unknown key")
            << u"{\"birthPeriods\": [{\"from\": \"2020-02-01\", \"to\": \"2020-03-23\", \"label\": \"L\"},"
               u"{\"from\": \"2021-01-01\", \"to\": \"2021-02-01\", \"label\": \"M\", "
               u"\"colour\": \"red\"}]}"_s
            << u"birthPeriods[1].colour"_s;
    }
    void refusals()
    {
        QFETCH(QString, json);
        QFETCH(QString, field);
        const QJsonObject object = parse(json);
        QVERIFY(!object.isEmpty());
        const auto s = RuleSettings::fromJson(object);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, u"invalid"_s);
        QCOMPARE(s.error().field, field);
        // The message names the setting so an administrator can find it.
        QVERIFY2(s.error().message.contains(field.section(u'.', 0, 0)) ||
                     s.error().message.contains(u"period"_s),
                 qPrintable(s.error().message));
    }

    void boundariesAccepted_data()
    {
        QTest::addColumn<QString>("json");
        QTest::newRow("amber equals red") << u"{\"newbornAmberFromDay\": 14, \"newbornRedAfterDay\": 14}"_s;
        QTest::newRow("window equals red") << u"{\"newbornWindowDays\": 14}"_s;
        QTest::newRow("zero days") << u"{\"advocateOfferDays\": 0, \"newFamilyContactDays\": 0}"_s;
        QTest::newRow("one-day period")
            << u"{\"birthPeriods\": [{\"from\": \"2020-02-01\", \"to\": \"2020-02-01\", "
               u"\"label\": \"L\"}]}"_s;
        QTest::newRow("no periods") << u"{\"birthPeriods\": []}"_s;
    }
    void boundariesAccepted()
    {
        QFETCH(QString, json);
        const auto s = RuleSettings::fromJson(parse(json));
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
    }
};

QTEST_GUILESS_MAIN(TestRuleSettings)
#include "tst_rulesettings.moc"
