// Push bodies (on the server) and pull answers (on the device) read straight from their text.
// Parsing them whole with QJsonDocument, then decoding the changes from the parsed objects, cost
// more than a quarter of a pushed change's time on the server and a third of a pulled change's
// on the device, mostly building payload objects that are then only stored as text.
//
// Each change that is a new append-only record (a visit, child's views, advocate offer or
// amendment) written plainly (printable ASCII ids, no "fields") is read straight from the text,
// and its payload object is left empty: the payload's text (payloadTexts, the same index) stands
// for it, and is what the server and the device read and store. Any other change (a family, a
// child, "fields", escapes) is decoded from its own text with QJsonDocument and changeFromJson.
//
// Whatever these read, the full way (PushRequest::fromJson or PullResponse::fromJson of
// QJsonDocument::fromJson(body)) accepts too, with the same values, and changePayloadTexts(body)
// finds the same payload texts: they take strictly valid JSON only (strictjson.h). Anything
// else, and every body the full way would refuse, gives nullopt: the caller then takes the full
// way, which accepts the body or names what is wrong.
//
// Thread: pure functions, any thread.
#pragma once

#include "messages.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace doorstep::protocol {

struct PushBody
{
    PushRequest request;
    QList<QByteArray> payloadTexts; // one per change
};

std::optional<PushBody> readPushBody(const QByteArray &body);
// With payloadTexts, one per change.
std::optional<PullResponse> readPullAnswer(const QByteArray &body);

} // namespace doorstep::protocol
