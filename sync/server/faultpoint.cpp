#include "faultpoint.h"

#include <QByteArray>
#include <QtGlobal>

#include <atomic>
#include <csignal>

namespace doorstep::server {

namespace {

struct Fault
{
    QByteArray point;
    int at = 0;
};

Fault configured()
{
    const QByteArray value = qgetenv("DOORSTEP_SERVER_FAULT");
    const qsizetype sign = value.indexOf('@');
    if (sign < 0)
        return {};
    return Fault{value.left(sign), value.mid(sign + 1).toInt()};
}

} // namespace

void faultPoint(const char *point)
{
    static const Fault fault = configured();
    static std::atomic<int> reached{0};
    if (fault.at <= 0 || fault.point != point)
        return;
    if (++reached == fault.at)
        ::raise(SIGKILL);
}

} // namespace doorstep::server
