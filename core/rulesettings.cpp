#include "rulesettings.h"

#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace doorstep {

namespace {

const QString dateFormat = u"yyyy-MM-dd"_s;

Error invalid(const QString &key, const QString &message)
{
    return makeError(u"invalid"_s, message, key);
}

struct IntSetting
{
    QString key;
    int RuleSettings::*member;
    int minimum;
};

const QList<IntSetting> &intSettings()
{
    static const QList<IntSetting> settings{
        {u"newbornWindowDays"_s, &RuleSettings::newbornWindowDays, 0},
        {u"newbornAmberFromDay"_s, &RuleSettings::newbornAmberFromDay, 0},
        {u"newbornRedAfterDay"_s, &RuleSettings::newbornRedAfterDay, 0},
        // A pattern of zero missed contacts would flag every child.
        {u"wasNotBroughtCount"_s, &RuleSettings::wasNotBroughtCount, 1},
        {u"wasNotBroughtWindowDays"_s, &RuleSettings::wasNotBroughtWindowDays, 0},
        {u"advocateOfferDays"_s, &RuleSettings::advocateOfferDays, 0},
        {u"newFamilyContactDays"_s, &RuleSettings::newFamilyContactDays, 0},
    };
    return settings;
}

Result<QDate> parseDate(const QJsonValue &v, const QString &key)
{
    const QDate d =
        v.isString() && v.toString().size() == 10 ? QDate::fromString(v.toString(), dateFormat) : QDate();
    if (!d.isValid())
        return invalid(key, u"The setting \"%1\" must be a date written yyyy-MM-dd."_s.arg(key));
    return d;
}

Result<BirthPeriod> periodFromJson(const QJsonValue &value, const QString &key)
{
    if (!value.isObject())
        return invalid(key, u"The setting \"%1\" must be an object with from, to and label."_s.arg(key));
    const QJsonObject json = value.toObject();
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() != u"from"_s && it.key() != u"to"_s && it.key() != u"label"_s) {
            const QString field = key + u'.' + it.key();
            return invalid(
                field, u"\"%1\" is not a rule setting: a birth period has from, to and label."_s.arg(field));
        }
    }
    BirthPeriod p;
    for (const QString &end : {u"from"_s, u"to"_s}) {
        const QString field = key + u'.' + end;
        if (!json.contains(end))
            return invalid(field, u"The setting \"%1\" is missing."_s.arg(field));
        auto d = parseDate(json.value(end), field);
        if (!d)
            return d.error();
        (end == u"from"_s ? p.from : p.to) = d.value();
    }
    const QString labelKey = key + u".label"_s;
    const QJsonValue label = json.value(u"label"_s);
    if (!label.isString() || label.toString().trimmed().isEmpty())
        return invalid(labelKey,
                       u"The setting \"%1\" must name the period, e.g. \"First lockdown\"."_s.arg(labelKey));
    p.label = label.toString();
    if (p.from > p.to)
        return invalid(key + u".from"_s, u"The birth period \"%1\" starts after it ends."_s.arg(p.label));
    return p;
}

} // namespace

QJsonObject RuleSettings::toJson() const
{
    QJsonObject json;
    for (const IntSetting &s : intSettings())
        json.insert(s.key, this->*s.member);
    QJsonArray periods;
    for (const BirthPeriod &p : birthPeriods) {
        periods.append(QJsonObject{
            {u"from"_s, p.from.toString(dateFormat)},
            {u"to"_s, p.to.toString(dateFormat)},
            {u"label"_s, p.label},
        });
    }
    json.insert(u"birthPeriods"_s, periods);
    return json;
}

Result<RuleSettings> RuleSettings::fromJson(const QJsonObject &json)
{
    RuleSettings s; // missing keys keep their defaults
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString &key = it.key();
        if (key == u"birthPeriods"_s)
            continue;
        const auto setting = std::find_if(intSettings().begin(), intSettings().end(),
                                          [&](const IntSetting &i) { return i.key == key; });
        if (setting == intSettings().end())
            return invalid(key, u"\"%1\" is not a rule setting."_s.arg(key));
        const QJsonValue v = it.value();
        const double d = v.toDouble();
        if (!v.isDouble() || std::trunc(d) != d || std::abs(d) > 1'000'000)
            return invalid(key, u"The setting \"%1\" must be a whole number of days or times."_s.arg(key));
        if (d < setting->minimum) {
            return invalid(key,
                           setting->minimum == 0
                               ? u"The setting \"%1\" cannot be negative."_s.arg(key)
                               : u"The setting \"%1\" must be at least %2."_s.arg(key).arg(setting->minimum));
        }
        s.*(setting->member) = static_cast<int>(d);
    }

    if (json.contains(u"birthPeriods"_s)) {
        const QJsonValue v = json.value(u"birthPeriods"_s);
        if (!v.isArray())
            return invalid(u"birthPeriods"_s, u"The setting \"birthPeriods\" must be a list of periods."_s);
        const QJsonArray periods = v.toArray();
        for (qsizetype i = 0; i < periods.size(); ++i) {
            auto p = periodFromJson(periods.at(i), u"birthPeriods[%1]"_s.arg(i));
            if (!p)
                return p.error();
            s.birthPeriods.append(p.value());
        }
    }

    if (s.newbornAmberFromDay > s.newbornRedAfterDay) {
        return invalid(
            u"newbornAmberFromDay"_s,
            u"The setting \"newbornAmberFromDay\" (%1) cannot be after \"newbornRedAfterDay\" (%2)."_s
                .arg(s.newbornAmberFromDay)
                .arg(s.newbornRedAfterDay));
    }
    if (s.newbornWindowDays < s.newbornRedAfterDay) {
        return invalid(
            u"newbornWindowDays"_s,
            u"The setting \"newbornWindowDays\" (%1) cannot be shorter than \"newbornRedAfterDay\" (%2)."_s
                .arg(s.newbornWindowDays)
                .arg(s.newbornRedAfterDay));
    }
    return s;
}

} // namespace doorstep
