// Flags and coverage benchmark: prints figures, asserts nothing. Run: build/bench/bench_flags
// Computes all flags and the supervisor's coverage on in-memory caseloads of 1k, 10k and 100k
// children (ten visits each, as bench_store), so that growth with caseload size can be read off:
// the "per child" column (on CPU time) stays flat when the cost is linear. DOORSTEP_BENCH_CHILDREN=5000 runs
// one size only (for callgrind).
#include "bench/benchfigures.h"
#include "bench/syntheticcaseload.h"
#include "core/coverage.h"
#include "core/flags.h"
#include "platform/memoryreuse.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

using namespace doorstep;
using namespace Qt::StringLiterals;

using namespace doorstep::bench;

namespace {

const QDate today(2026, 11, 25);

} // namespace

int main()
{
    platform::keepFreedMemoryForReuse(); // as the app and the server do
    QList<int> sizes{1'000, 5'000, 10'000, 100'000};
    if (const int only = qEnvironmentVariableIntValue("DOORSTEP_BENCH_CHILDREN"); only > 0)
        sizes = {only};
    const RuleSettings settings;
    std::printf("Flags and coverage on in-memory caseloads (10 visits per child), median of rounds\n");
    std::printf("%-9s %8s %8s %10s %10s %14s %12s %14s\n", "children", "visits", "flags", "flags ms",
                "flags CPU", "flags us/child", "coverage ms", "coverage us/ch");
    for (const int children : sizes) {
        const Caseload caseload = bench::syntheticCaseload({.children = children, .today = today});
        const int rounds = children >= 100'000 ? 3 : 7;
        qsizetype flagCount = 0;
        const Times flags =
            medianMillis(rounds, [&] { flagCount = computeFlags(caseload, settings, today).size(); });
        const Times coverage = medianMillis(rounds, [&] {
            (void)computeCoverage(caseload, settings, today.addDays(-90), today, today).newborns;
        });
        // Per child on CPU time, the steadier of the two on a shared machine.
        std::printf("%-9d %8lld %8lld %10.2f %10.2f %14.2f %12.2f %14.2f\n", children,
                    qlonglong(caseload.visits.size()), qlonglong(flagCount), flags.wall, flags.cpu,
                    1000.0 * flags.cpu / children, coverage.wall, 1000.0 * coverage.cpu / children);
        std::printf("RESULT flags_ms_%d %.2f\nRESULT flags_cpu_ms_%d %.2f\nRESULT flags_us_%d %.2f\n"
                    "RESULT coverage_us_%d %.2f\n",
                    children, flags.wall, children, flags.cpu, children, 1000.0 * flags.cpu / children,
                    children, 1000.0 * coverage.cpu / children);
    }
    return 0;
}
