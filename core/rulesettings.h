// The thresholds of the flag rules (domain.md). Held on the server, synced to devices; the
// defaults here are the ones domain.md gives.
#pragma once

#include "result.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace doorstep {

// A period (e.g. a lockdown) whose babies must all have had a face-to-face visit, whatever
// their age now. Both ends inclusive.
struct BirthPeriod
{
    QDate from;
    QDate to;
    QString label;
    // Defaulted here, before RuleSettings' own, so that RuleSettings' defaulted == can use it
    // (clang deletes it silently otherwise).
    friend bool operator==(const BirthPeriod &, const BirthPeriod &) = default;
};

struct RuleSettings
{
    int newbornWindowDays = 56;
    int newbornAmberFromDay = 10;
    int newbornRedAfterDay = 14;
    QList<BirthPeriod> birthPeriods;
    int wasNotBroughtCount = 2;
    int wasNotBroughtWindowDays = 90;
    int advocateOfferDays = 5;
    int newFamilyContactDays = 28;

    QJsonObject toJson() const;
    // Refuses unknown keys, wrong types, negative numbers and amber after red, naming the key.
    static Result<RuleSettings> fromJson(const QJsonObject &json);
    friend bool operator==(const RuleSettings &, const RuleSettings &) = default;
};

} // namespace doorstep
