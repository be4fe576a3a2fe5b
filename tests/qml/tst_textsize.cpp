// TextSize: the choices offered, the scale each gives, and the choice kept in the profile's
// settings file for the next start.
#include "app/textsize.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using doorstep::app::TextSize;

class TestTextSize : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void ordinaryByDefault()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const TextSize size(dir.filePath(u"app-settings.ini"_s));
        QCOMPARE(size.choice(), u"1"_s);
        QCOMPARE(size.scale(), 1.0);
        QCOMPARE(size.choices()->count(), 4);
        QCOMPARE(size.choices()->textFor(u"2"_s), u"Largest"_s);
    }

    void choiceScalesAndIsKept()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"app-settings.ini"_s);
        {
            TextSize size(path);
            QSignalSpy changed(&size, &TextSize::changed);
            size.setChoice(u"1.5"_s);
            QCOMPARE(changed.count(), 1);
            QCOMPARE(size.scale(), 1.5);
            size.setChoice(u"1.5"_s);
            QCOMPARE(changed.count(), 1);
        }
        const TextSize again(path);
        QCOMPARE(again.choice(), u"1.5"_s);
        QCOMPARE(again.scale(), 1.5);
    }

    void refusesWhatIsNotOffered()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        TextSize size(dir.filePath(u"app-settings.ini"_s));
        QSignalSpy changed(&size, &TextSize::changed);
        size.setChoice(u"7"_s);
        size.setChoice(QString());
        QCOMPARE(changed.count(), 0);
        QCOMPARE(size.scale(), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestTextSize)

#include "tst_textsize.moc"
