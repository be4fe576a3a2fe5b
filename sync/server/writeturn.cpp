#include "writeturn.h"

#include <QMutex>
#include <QWaitCondition>

namespace doorstep::server {

namespace {

// A ticket lock: each writer draws the next number and waits until it is served.
struct Queue
{
    QMutex mutex;
    QWaitCondition served;
    quint64 nextTicket = 0;
    quint64 nowServing = 0;
};

Queue &queue()
{
    static Queue q;
    return q;
}

thread_local int depth = 0;

} // namespace

void WriteTurn::acquire()
{
    if (depth++ > 0)
        return;
    Queue &q = queue();
    QMutexLocker locker(&q.mutex);
    const quint64 ticket = q.nextTicket++;
    while (ticket != q.nowServing)
        q.served.wait(&q.mutex);
}

void WriteTurn::release()
{
    if (depth == 0 || --depth > 0)
        return;
    Queue &q = queue();
    QMutexLocker locker(&q.mutex);
    ++q.nowServing;
    q.served.wakeAll();
}

} // namespace doorstep::server
