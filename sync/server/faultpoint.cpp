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

bool reached(const char *point)
{
    static const Fault fault = configured();
    static std::atomic<int> count{0};
    return fault.at > 0 && fault.point == point && ++count == fault.at;
}

} // namespace

void faultPoint(const char *point)
{
    if (reached(point))
        ::raise(SIGKILL);
}

bool faultFails(const char *point)
{
    return reached(point);
}

} // namespace doorstep::server
