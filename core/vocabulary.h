// The words of domain.md for each enum: the wire/storage token ("face_to_face_home") and the
// UK English label a person reads ("Face-to-face at home"). One place, used by store, protocol
// and UI, so the vocabulary cannot drift.
#pragma once

#include "domain.h"

#include <QString>

#include <optional>

namespace doorstep {

QString toToken(Role role);
QString toToken(ContactType type);
QString toToken(Outcome outcome);
QString toToken(AdvocateResponse response);

std::optional<Role> roleFromToken(const QString &token);
std::optional<ContactType> contactTypeFromToken(const QString &token);
std::optional<Outcome> outcomeFromToken(const QString &token);
std::optional<AdvocateResponse> advocateResponseFromToken(const QString &token);

QString label(Role role);
QString label(ContactType type);
QString label(Outcome outcome); // "Was not brought", never "did not attend" for a child
QString label(AdvocateResponse response);

bool isFaceToFace(ContactType type);
// Midwives and health visitors carry out the new birth visit that theme 1 is about.
bool isBirthVisitRole(Role role);

// Dates for people: "25 Nov 2026".
QString formatDate(const QDate &date);

} // namespace doorstep
