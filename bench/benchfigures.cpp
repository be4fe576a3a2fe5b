#include "benchfigures.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

using namespace Qt::StringLiterals;

namespace doorstep::bench {

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    return values.at(std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size()))));
}

double cpuMillis()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

double memoryMib(const char *key, qint64 pid)
{
    QFile status(pid == 0 ? u"/proc/self/status"_s : u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(qsizetype(std::strlen(key))).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

QList<int> sizesFromEnv(const char *name, const QList<int> &fallback)
{
    const QString text = qEnvironmentVariable(name);
    if (text.trimmed().isEmpty())
        return fallback;
    // A size that is not a positive number would run nothing and wait for it (0 devices never
    // finish), so it stops the benchmark with the variable named.
    static const QRegularExpression separators(u"[ ,]+"_s);
    QList<int> sizes;
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        bool ok = false;
        const int size = part.toInt(&ok);
        if (!ok || size < 1) {
            std::fprintf(stderr, "%s: \"%s\" is not a positive whole number (sizes: \"1000 10000\")\n", name,
                         qPrintable(part));
            std::exit(2);
        }
        sizes.append(size);
    }
    return sizes;
}

qint64 serverPid(const QString &dataDir)
{
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool number = false;
        const qint64 pid = entry.toLongLong(&number);
        if (!number)
            continue;
        QFile cmdline(u"/proc/%1/cmdline"_s.arg(entry));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = cmdline.readAll();
        if (text.contains("serve") && text.contains(dataDir.toUtf8()) && !text.contains("admin"))
            return pid;
    }
    return -1;
}

} // namespace doorstep::bench
