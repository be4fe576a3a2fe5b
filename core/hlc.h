// Hybrid logical clock: timestamps that order changes across devices whose wall clocks
// disagree. A timestamp is physical milliseconds + a counter + the node (device) id as the
// final tie-break. Encoded as a fixed-width string whose byte order is the clock order, so
// SQL can compare them as text.
#pragma once

#include "result.h"

#include <QString>
#include <QtGlobal>

#include <compare>

namespace doorstep {

struct HlcTimestamp
{
    qint64 millis = 0;
    quint32 counter = 0;
    QString node;

    QString encode() const; // "0001732312345678-00000001-<node>": 16 digits, 8 hex digits, node
    static Result<HlcTimestamp> decode(const QString &text);
    // A comparison category, not `auto`: QString has no operator<=> in Qt 6.4, so the ordering is
    // synthesised from its < and ==. Order: millis, then counter, then node.
    friend std::strong_ordering operator<=>(const HlcTimestamp &, const HlcTimestamp &) = default;
};

// Not thread-safe: one per store, used from the store's thread.
class HybridClock
{
public:
    // Remote clocks more than this far ahead of our physical clock are not followed (a device
    // with a wrong date must not drag everybody's clock into the future).
    static constexpr qint64 maxForwardDriftMillis = 60'000;

    explicit HybridClock(QString node, HlcTimestamp last = {});

    // A timestamp for a local event, given the physical time now.
    HlcTimestamp tick(qint64 physicalMillis);
    // Takes a remote timestamp into account. A remote timestamp too far ahead is ignored for
    // the clock (the change itself is still accepted) and the result says so.
    bool observe(const HlcTimestamp &remote, qint64 physicalMillis);
    HlcTimestamp last() const { return m_last; }

private:
    QString m_node;
    HlcTimestamp m_last;
};

} // namespace doorstep
