// What every benchmark measures with: percentiles, CPU time, a process's memory, sizes asked for
// in the environment, the server's process, fresh ids. Plain functions; any thread.
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QString>

namespace doorstep::bench {

// The value below which a fraction p of `values` lie (p = 0.5: the median); -1 when empty.
double percentile(QList<double> values, double p);
inline double median(const QList<double> &values)
{
    return percentile(values, 0.5);
}
// CPU time of this thread: on a shared machine wall time swings with the other load, CPU time
// much less, so figures are also given on it.
double cpuMillis();
struct Times
{
    double wall = 0;
    double cpu = 0;
};
// The median wall and CPU time (ms) of `rounds` runs of `f`.
template<typename F> Times medianMillis(int rounds, F &&f)
{
    QList<double> wall;
    QList<double> cpu;
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer timer;
        timer.start();
        const double cpuStart = cpuMillis();
        f();
        cpu.append(cpuMillis() - cpuStart);
        wall.append(double(timer.nsecsElapsed()) / 1e6);
    }
    return Times{median(wall), median(cpu)};
}
// A line of /proc/<pid>/status ("VmRSS:", "VmHWM:") in MiB; -1 when unreadable. pid 0: this process.
double memoryMib(const char *key, qint64 pid = 0);
// Sizes from an environment variable, separated by spaces or commas ("1000 10000"), or
// `fallback` when unset; exits naming the variable when one is not a positive number.
QList<int> sizesFromEnv(const char *name, const QList<int> &fallback);
// The doorstep-server process serving `dataDir` (ServerProcess does not expose its pid); -1.
qint64 serverPid(const QString &dataDir);

} // namespace doorstep::bench
