// Writing a JSON string straight into a body: for answers and requests that splice in JSON kept as
// text (a change's payload) rather than decoding it and encoding it again.
//
// Thread: pure functions, any thread.
#pragma once

#include <QByteArray>
#include <QStringView>

namespace doorstep::protocol {

// `text` as a JSON string (quotes included, UTF-8), escaped exactly as QJsonDocument escapes it:
// the body parses to the same text whatever it holds, a lone surrogate included.
void appendJsonString(QByteArray &out, QStringView text);

} // namespace doorstep::protocol
