#include "flagsbody.h"

#include "jsonstring.h"

namespace doorstep::protocol {

QByteArray flagsBody(const QList<Flag> &flags)
{
    QByteArray out;
    out.reserve(qsizetype(flags.size()) * 600 + 2); // a flag takes some 500-600 bytes
    out.append('[');
    for (const Flag &flag : flags) {
        if (out.size() > 1)
            out.append(',');
        // The keys in QJsonObject's order (sorted), as the compact QJsonDocument writes them.
        out.append("{\"childId\":");
        appendJsonString(out, flag.childId);
        out.append(",\"daysOverdue\":");
        out.append(QByteArray::number(flag.daysOverdue));
        out.append(",\"familyId\":");
        appendJsonString(out, flag.familyId);
        out.append(",\"kind\":");
        appendJsonString(out, toToken(flag.kind));
        out.append(",\"label\":");
        appendJsonString(out, label(flag.kind));
        out.append(",\"reason\":");
        appendJsonString(out, flag.reason);
        out.append(",\"severity\":");
        appendJsonString(out, toToken(flag.severity));
        out.append(",\"subjectId\":");
        appendJsonString(out, flag.subjectId);
        out.append(",\"toClear\":");
        appendJsonString(out, flag.toClear);
        out.append('}');
    }
    out.append(']');
    return out;
}

} // namespace doorstep::protocol
