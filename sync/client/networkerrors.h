// Which network errors mean "the server cannot be reached now" (offline: try again later, say so
// calmly) rather than a fault of the request or the answer. Shared by every request the device
// makes. Pure; any thread.
#pragma once

#include <QNetworkReply>

namespace doorstep::sync {

bool isOfflineError(QNetworkReply::NetworkError error);

} // namespace doorstep::sync
