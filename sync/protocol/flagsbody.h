// The answer of GET /v1/flags written straight into its body.
//
// Thread: pure function, any thread.
#pragma once

#include "core/flags.h"

#include <QByteArray>
#include <QList>

namespace doorstep::protocol {

// The same bytes as QJsonDocument(toJson(flags)).toJson(QJsonDocument::Compact) (core/flagjson.h),
// without a QJsonObject per flag: a team's answer holds tens of thousands of flags, and building
// and writing an object for each took a third of the server's time for it.
QByteArray flagsBody(const QList<Flag> &flags);

} // namespace doorstep::protocol
