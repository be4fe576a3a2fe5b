// Ids for new records, changes, users and devices: UUIDs of version 7 (RFC 9562), whose first 48
// bits are the time they were made in milliseconds and the other 74 random.
//
// Why not random (version 4) UUIDs: every table and index keyed by id, on the device and on the
// server, then takes each new id at a random place. Once an index is larger than the cache, each
// commit of a pulled page or a pushed batch rewrote one leaf per new record and index, all over
// the file (on a device pulling 100k visits some 1,800 old pages a commit, each encrypted again).
// Ids made in time order go to the end of each index instead.
//
// Nothing may read meaning into an id: the time in it is only roughly when it was made (by the
// device's clock), ids made within one millisecond are in no order, and ids from before this
// scheme are random. Ids stay opaque text: records carry their own dates and changes their own
// clocks. An id does tell when it was made: the record and its audit entry tell that already to
// whoever may see them, and a log line that names an id is stamped with a time of its own.
#pragma once

#include <QDateTime>
#include <QString>

namespace doorstep {

// "0192f3c4-5d6e-7abc-8def-0123456789ab": lower-case, without braces.
QString newRecordId();
// Made as if at `madeAt` (synthetic data spread over time, tests).
QString newRecordId(const QDateTime &madeAt);

} // namespace doorstep
