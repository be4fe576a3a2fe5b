#include "flagjson.h"

namespace doorstep {

QJsonObject toJson(const Flag &flag)
{
    return QJsonObject{
        {QStringLiteral("kind"), toToken(flag.kind)},
        {QStringLiteral("label"), label(flag.kind)},
        {QStringLiteral("severity"), toToken(flag.severity)},
        {QStringLiteral("familyId"), flag.familyId},
        {QStringLiteral("childId"), flag.childId},
        {QStringLiteral("subjectId"), flag.subjectId},
        {QStringLiteral("daysOverdue"), flag.daysOverdue},
        {QStringLiteral("reason"), flag.reason},
        {QStringLiteral("toClear"), flag.toClear},
    };
}

QJsonArray toJson(const QList<Flag> &flags)
{
    QJsonArray array;
    for (const Flag &flag : flags)
        array.append(toJson(flag));
    return array;
}

} // namespace doorstep
