// Writing JSON text directly, for answers that splice in JSON the server stored (a change's
// payload) rather than decoding it and encoding it again.
//
// Thread: any (pure functions).
#pragma once

#include <QByteArray>
#include <QStringView>

namespace doorstep::server {

// Appends `text` as a JSON string (quoted, escaped, UTF-8).
void appendJsonString(QByteArray &out, QStringView text);

} // namespace doorstep::server
