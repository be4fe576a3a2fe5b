// The domain words: every enum value has a token that reads back, and the UK English labels.
#include "core/vocabulary.h"

#include <QTest>

using namespace doorstep;
using namespace Qt::StringLiterals;

class TestVocabulary : public QObject
{
    Q_OBJECT

private slots:
    void roles_data()
    {
        QTest::addColumn<Role>("role");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("label");
        QTest::addColumn<bool>("birthVisit");
        QTest::newRow("midwife") << Role::Midwife << u"midwife"_s << u"Midwife"_s << true;
        QTest::newRow("health visitor")
            << Role::HealthVisitor << u"health_visitor"_s << u"Health visitor"_s << true;
        QTest::newRow("social worker")
            << Role::SocialWorker << u"social_worker"_s << u"Social worker"_s << false;
        QTest::newRow("supervisor") << Role::Supervisor << u"supervisor"_s << u"Supervisor"_s << false;
        QTest::newRow("administrator")
            << Role::Administrator << u"administrator"_s << u"Administrator"_s << false;
    }
    void roles()
    {
        QFETCH(Role, role);
        QFETCH(QString, token);
        QFETCH(QString, label);
        QFETCH(bool, birthVisit);
        QCOMPARE(toToken(role), token);
        QCOMPARE(roleFromToken(token), role);
        QCOMPARE(doorstep::label(role), label);
        QCOMPARE(isBirthVisitRole(role), birthVisit);
    }

    void contactTypes_data()
    {
        QTest::addColumn<ContactType>("type");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("label");
        QTest::addColumn<bool>("faceToFace");
        QTest::newRow("home") << ContactType::FaceToFaceHome << u"face_to_face_home"_s
                              << u"Face-to-face at home"_s << true;
        QTest::newRow("clinic") << ContactType::FaceToFaceClinic << u"face_to_face_clinic"_s
                                << u"Face-to-face at clinic"_s << true;
        QTest::newRow("video") << ContactType::Video << u"video"_s << u"Video call"_s << false;
        QTest::newRow("telephone") << ContactType::Telephone << u"telephone"_s << u"Telephone"_s << false;
    }
    void contactTypes()
    {
        QFETCH(ContactType, type);
        QFETCH(QString, token);
        QFETCH(QString, label);
        QFETCH(bool, faceToFace);
        QCOMPARE(toToken(type), token);
        QCOMPARE(contactTypeFromToken(token), type);
        QCOMPARE(doorstep::label(type), label);
        QCOMPARE(isFaceToFace(type), faceToFace);
    }

    void outcomes_data()
    {
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("label");
        QTest::newRow("completed") << Outcome::Completed << u"completed"_s << u"Completed"_s;
        QTest::newRow("was not brought")
            << Outcome::WasNotBrought << u"was_not_brought"_s << u"Was not brought"_s;
        QTest::newRow("no access") << Outcome::NoAccess << u"no_access"_s << u"No access"_s;
        QTest::newRow("declined") << Outcome::Declined << u"declined"_s << u"Declined"_s;
        QTest::newRow("cancelled by family")
            << Outcome::CancelledByFamily << u"cancelled_by_family"_s << u"Cancelled by the family"_s;
        QTest::newRow("cancelled by service")
            << Outcome::CancelledByService << u"cancelled_by_service"_s << u"Cancelled by the service"_s;
        QTest::newRow("did not attend")
            << Outcome::DidNotAttend << u"did_not_attend"_s << u"Did not attend (adult's own appointment)"_s;
    }
    void outcomes()
    {
        QFETCH(Outcome, outcome);
        QFETCH(QString, token);
        QFETCH(QString, label);
        QCOMPARE(toToken(outcome), token);
        QCOMPARE(outcomeFromToken(token), outcome);
        QCOMPARE(doorstep::label(outcome), label);
    }

    void responses_data()
    {
        QTest::addColumn<AdvocateResponse>("response");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("label");
        QTest::newRow("accepted") << AdvocateResponse::Accepted << u"accepted"_s << u"Accepted"_s;
        QTest::newRow("declined") << AdvocateResponse::Declined << u"declined"_s << u"Declined"_s;
        QTest::newRow("considering") << AdvocateResponse::Considering << u"considering"_s << u"Considering"_s;
    }
    void responses()
    {
        QFETCH(AdvocateResponse, response);
        QFETCH(QString, token);
        QFETCH(QString, label);
        QCOMPARE(toToken(response), token);
        QCOMPARE(advocateResponseFromToken(token), response);
        QCOMPARE(doorstep::label(response), label);
    }

    void unknownTokens_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("empty") << QString();
        QTest::newRow("label instead of token") << u"Health visitor"_s;
        QTest::newRow("wrong case") << u"Midwife"_s;
        QTest::newRow("dna") << u"dna"_s;
        QTest::newRow("padded") << u" video"_s;
    }
    void unknownTokens()
    {
        QFETCH(QString, token);
        QVERIFY(!roleFromToken(token));
        QVERIFY(!contactTypeFromToken(token));
        QVERIFY(!outcomeFromToken(token));
        QVERIFY(!advocateResponseFromToken(token));
    }

    void formatDate_data()
    {
        QTest::addColumn<QDate>("date");
        QTest::addColumn<QString>("text");
        QTest::newRow("domain example") << QDate(2026, 11, 25) << u"25 Nov 2026"_s;
        QTest::newRow("single-digit day") << QDate(2027, 1, 3) << u"3 Jan 2027"_s;
        QTest::newRow("leap day") << QDate(2028, 2, 29) << u"29 Feb 2028"_s;
        QTest::newRow("september") << QDate(2026, 9, 30) << u"30 Sep 2026"_s;
        QTest::newRow("december") << QDate(2026, 12, 31) << u"31 Dec 2026"_s;
        QTest::newRow("invalid") << QDate() << QString();
    }
    void formatDate()
    {
        QFETCH(QDate, date);
        QFETCH(QString, text);
        QCOMPARE(doorstep::formatDate(date), text);
    }

    void formatDateIgnoresLocale()
    {
        const QLocale previous;
        QLocale::setDefault(QLocale(QLocale::French, QLocale::France));
        const QString text = doorstep::formatDate(QDate(2026, 2, 1));
        QLocale::setDefault(previous);
        QCOMPARE(text, u"1 Feb 2026"_s);
    }
};

QTEST_GUILESS_MAIN(TestVocabulary)
#include "tst_vocabulary.moc"
