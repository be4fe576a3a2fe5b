// The exact JSON text of each change's payload in a push or pull body, so that a payload can be
// stored as it came instead of being encoded again from its parsed form (QJsonDocument gives no
// positions). The body must already have been parsed and checked whole (PushRequest::fromJson,
// PullResponse::fromJson): this only finds the texts, in the order of "changes".
//
// Thread: pure function, any thread.
#pragma once

#include <QByteArray>
#include <QList>

#include <optional>

namespace doorstep::protocol {

// The text of the "payload" value of each element of the top-level "changes" array, in order.
// nullopt when the body is not shaped as expected (no or several "changes", an element without
// exactly one "payload", a key written with escapes): the caller then encodes the parsed payloads.
std::optional<QList<QByteArray>> changePayloadTexts(const QByteArray &body);

} // namespace doorstep::protocol
