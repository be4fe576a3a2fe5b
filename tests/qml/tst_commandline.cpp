// The doorstep executable answers --help and --version without a display: run with no DISPLAY
// and the xcb platform, a QGuiApplication would abort before printing anything.
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCommandLine : public QObject
{
    Q_OBJECT
private:
    static QProcessEnvironment noDisplay()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        env.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s);
        return env;
    }

    static QString run(const QStringList &arguments, int *exitCode)
    {
        QProcess process;
        process.setProcessEnvironment(noDisplay());
        process.start(QStringLiteral(DOORSTEP_APP_PATH), arguments);
        if (!process.waitForFinished(30000)) {
            *exitCode = -1;
            return {};
        }
        *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        return QString::fromUtf8(process.readAllStandardOutput());
    }

private Q_SLOTS:
    void helpNeedsNoDisplay()
    {
        int exitCode = -1;
        const QString out = run({u"--help"_s}, &exitCode);
        QCOMPARE(exitCode, 0);
        QVERIFY2(out.contains(u"--profile"_s), qPrintable(out));
        QVERIFY(out.contains(u"offline"_s));
    }

    void versionNeedsNoDisplay()
    {
        int exitCode = -1;
        const QString out = run({u"--version"_s}, &exitCode);
        QCOMPARE(exitCode, 0);
        QVERIFY2(out.startsWith(u"Doorstep "_s), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
