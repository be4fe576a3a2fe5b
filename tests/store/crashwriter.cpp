// Test helper for tst_crashsafety: opens the store in argv[1] and saves families until killed,
// printing each family's id on its own line once the save has returned (acknowledged). With
// --from-another-thread after the path it tries one save from a thread other than the one that
// opened the store, which must stop the process before anything is written.
#include "storefixtures.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <thread>

using namespace doorstep;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    auto opened = store::Store::open(QString::fromLocal8Bit(argv[1]), store::fixtures::pin);
    if (!opened) {
        std::fprintf(stderr, "open failed: %s\n", qPrintable(opened.error().code));
        return 1;
    }
    if (argc > 2 && std::strcmp(argv[2], "--from-another-thread") == 0) {
        std::thread([&opened] {
            const Result<QString> saved = opened.value()->saveFamily(store::fixtures::family());
            std::printf("%s\n", saved ? qPrintable(saved.value()) : "refused");
        }).join();
        return 0;
    }
    for (int i = 0;; ++i) {
        const Result<QString> saved =
            opened.value()->saveFamily(store::fixtures::family(QStringLiteral("Test Family %1").arg(i)));
        if (!saved) {
            std::fprintf(stderr, "save failed: %s\n", qPrintable(saved.error().code));
            return 1;
        }
        std::printf("%s\n", qPrintable(saved.value()));
        std::fflush(stdout);
    }
}
