// The check the end-to-end sync tests make after each sync: it finished, succeeded, and the server
// refused none of the changes. A macro because QVERIFY2/QCOMPARE return from the test function.
#pragma once

#include "tests/support/syncdevice.h"

#include <QTest>

#define SYNC_OK(device)                                                                                      \
    do {                                                                                                     \
        const auto outcome = (device).sync();                                                                \
        QVERIFY2(outcome.finished &&outcome.ok, qPrintable(outcome.errorCode + u' ' + outcome.message));     \
        QCOMPARE(outcome.rejected, 0);                                                                       \
    } while (false)
