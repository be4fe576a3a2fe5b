#include "hlc.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace doorstep {

namespace {

constexpr int millisDigits = 16;
constexpr int counterDigits = 8;
constexpr int nodeStart = millisDigits + 1 + counterDigits + 1;

Error malformed(const QString &why)
{
    return makeError(u"invalid"_s, u"The clock timestamp is malformed: %1."_s.arg(why), u"hlc"_s);
}

} // namespace

QString HlcTimestamp::encode() const
{
    // Fixed widths make text order equal clock order, so SQL can compare timestamps as strings.
    return u"%1-%2-%3"_s.arg(millis, millisDigits, 10, QChar(u'0'))
        .arg(counter, counterDigits, 16, QChar(u'0'))
        .arg(node);
}

Result<HlcTimestamp> HlcTimestamp::decode(const QString &text)
{
    if (text.size() <= nodeStart)
        return malformed(u"expected 16 digits, '-', 8 hex digits, '-' and a node id"_s);
    for (int i = 0; i < millisDigits; ++i) {
        if (text.at(i) < u'0' || text.at(i) > u'9')
            return malformed(u"the first 16 characters must be digits"_s);
    }
    if (text.at(millisDigits) != u'-' || text.at(nodeStart - 1) != u'-')
        return malformed(u"the parts must be separated by '-'"_s);
    for (int i = millisDigits + 1; i < nodeStart - 1; ++i) {
        const QChar c = text.at(i);
        // Lower case only: upper-case hex would sort differently as text.
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return malformed(u"the counter must be 8 lower-case hex digits"_s);
    }
    HlcTimestamp t;
    bool ok = false;
    t.millis = QStringView(text).left(millisDigits).toLongLong(&ok);
    if (!ok)
        return malformed(u"the milliseconds are out of range"_s);
    t.counter = QStringView(text).mid(millisDigits + 1, counterDigits).toUInt(&ok, 16);
    if (!ok)
        return malformed(u"the counter is out of range"_s);
    t.node = text.mid(nodeStart);
    for (const QChar c : std::as_const(t.node)) {
        if (c.isSpace() || c.unicode() < 0x20 || c.unicode() > 0x7e)
            return malformed(u"the node id must be printable ASCII without spaces"_s);
    }
    return t;
}

HybridClock::HybridClock(QString node, HlcTimestamp last)
    : m_node(std::move(node))
    , m_last(std::move(last))
{
    m_last.node = m_node;
}

HlcTimestamp HybridClock::tick(qint64 physicalMillis)
{
    const qint64 l = std::max(m_last.millis, physicalMillis);
    if (l == m_last.millis) {
        if (m_last.counter == std::numeric_limits<quint32>::max()) {
            // The counter cannot overflow into the next field: move the clock on instead.
            m_last.millis += 1;
            m_last.counter = 0;
        } else {
            m_last.counter += 1;
        }
    } else {
        m_last.millis = l;
        m_last.counter = 0;
    }
    m_last.node = m_node;
    return m_last;
}

bool HybridClock::observe(const HlcTimestamp &remote, qint64 physicalMillis)
{
    if (remote.millis > physicalMillis + maxForwardDriftMillis)
        return false;
    const qint64 l = std::max({m_last.millis, remote.millis, physicalMillis});
    if (l == m_last.millis || l == remote.millis) {
        quint32 c = 0;
        if (l == m_last.millis && l == remote.millis)
            c = std::max(m_last.counter, remote.counter);
        else
            c = l == m_last.millis ? m_last.counter : remote.counter;
        if (c == std::numeric_limits<quint32>::max()) {
            m_last.millis = l + 1;
            m_last.counter = 0;
        } else {
            m_last.millis = l;
            m_last.counter = c + 1;
        }
    } else {
        // Physical time is ahead of both: the counter restarts.
        m_last.millis = l;
        m_last.counter = 0;
    }
    m_last.node = m_node;
    return true;
}

} // namespace doorstep
