// What every benchmark measures with: percentiles, CPU time, a process's memory, sizes asked for
// in the environment, the server's process, fresh ids. Plain functions; any thread.
#pragma once

#include <QList>
#include <QString>

namespace doorstep::bench {

QString newId();
// The value below which a fraction p of `values` lie (p = 0.5: the median); -1 when empty.
double percentile(QList<double> values, double p);
inline double median(const QList<double> &values)
{
    return percentile(values, 0.5);
}
// CPU time of this thread: on a shared machine wall time swings with the other load, CPU time
// much less, so figures are also given on it.
double cpuMillis();
// A line of /proc/<pid>/status ("VmRSS:", "VmHWM:") in MiB; -1 when unreadable. pid 0: this process.
double memoryMib(const char *key, qint64 pid = 0);
// Sizes from a space-separated environment variable ("1000 10000"), or `fallback` when unset.
QList<int> sizesFromEnv(const char *name, const QList<int> &fallback);
// The doorstep-server process serving `dataDir` (ServerProcess does not expose its pid); -1.
qint64 serverPid(const QString &dataDir);

} // namespace doorstep::bench
